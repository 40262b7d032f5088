// The explorer page. Three views, each with a URL (the part after #) that reopens it:
//   (nothing)                          the overview: counts by type, the most connected parks, the named queries
//   #entity=KEY&expand=K1&expand=K2    an entity's card, and the graph of the neighbourhoods expanded so far
//   #query=NAME&PARAM=VALUE…           a named query's answer, as a table and as a graph
// Every navigation changes the URL and the page draws what the URL says, so a copied URL opens
// the same view. Text from the graph is only ever set as textContent, never parsed as HTML.
"use strict";
const COLOURS = {Park: "#2f7ed8", Chain: "#8bbc21", Lab: "#910000", Institute: "#1aadce", Enterprise: "#f28f43",
  University: "#492970", Organization: "#77a1e5", Event: "#c42525", Report: "#a6c96a", Award: "#d4a017",
  Product: "#6d6d6d", Region: "#b0b0b0"};
const OVERVIEW_EXPANDED = 3;  // the most connected parks drawn with their neighbourhoods on the overview
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const typeBadge = (type) => el("span", {className: "type", textContent: type, style: `background:${COLOURS[type] || "#999"}`});

class ApiError extends Error {
  constructor(body, status) {
    super(body.error ? body.error.message : String(status));
    this.body = body.error || {};
  }
}

async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json();
  if (!r.ok) throw new ApiError(body, r.status);
  return body;
}

const cy = cytoscape({
  container: $("graph"),
  style: [
    {selector: "node", style: {"background-color": "data(colour)", label: "data(label)", "font-size": 10,
      "text-wrap": "ellipsis", "text-max-width": 90, width: 18, height: 18}},
    {selector: "node.expanded", style: {"border-width": 3, "border-color": "#222"}},
    {selector: "node:selected", style: {"border-width": 4, "border-color": "#e00"}},
    {selector: "edge", style: {width: 1.2, "curve-style": "bezier", "target-arrow-shape": "triangle",
      "line-color": "#aaa", "target-arrow-color": "#aaa", label: "data(type)", "font-size": 7, color: "#777"}},
  ],
});
let view = {kind: null, expanded: []};  // what is drawn now
window.parkgraph = {cy, view: () => view};  // for the browser tests and the curious

// -- URLs --------------------------------------------------------------------------------------
const entityUrl = (key, expanded) => "#" + new URLSearchParams([["entity", key], ...expanded.map((k) => ["expand", k])]);
const queryUrl = (name, params) => "#" + new URLSearchParams([["query", name], ...Object.entries(params)]);
const go = (url) => { location.hash = url; };  // a new history entry; hashchange draws it

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  const show = params.has("entity") ? showEntity(params.get("entity"), params.getAll("expand"))
    : params.has("query") ? showQuery(params.get("query"), Object.fromEntries([...params].filter(([k]) => k !== "query")))
    : showOverview();
  show.catch((err) => $("card").replaceChildren(el("p", {className: "error", textContent: err.message})));
}

// Open an entity from anywhere: from an entity view, its neighbourhood joins the graph in view.
function openEntity(key) {
  const expanded = view.kind === "entity" ? view.expanded.filter((k) => k !== key) : [];
  go(entityUrl(key, [...expanded, key]));
}

// -- the graph -----------------------------------------------------------------------------------
function draw(nodes, edges) {
  const added = [];
  for (const n of nodes) {
    if (cy.getElementById(n.id).empty()) {
      added.push({group: "nodes", data: {id: n.id, label: n.name, type: n.type, colour: COLOURS[n.type] || "#999"}});
    }
  }
  for (const e of edges) {
    const eid = `${e.source}|${e.type}|${e.target}`;
    if (cy.getElementById(eid).empty()) added.push({group: "edges", data: {id: eid, source: e.source, target: e.target, type: e.type}});
  }
  cy.add(added);
  cy.layout({name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true}).run();
}

function note(text) {
  $("graph-note").textContent = `${cy.nodes().length} entities, ${cy.edges().length} relationships` + (text || "");
}

// `owner`: the view that asked; a reply that comes after the user has moved on is dropped, so a
// view never draws into the one that replaced it (the overview's parks into an entity's graph).
async function expand(key, owner = view) {
  const hood = await api(`/entities/${encodeURIComponent(key)}/neighbors?depth=1&limit=60`);
  if (view !== owner) return;
  draw(hood.nodes, hood.edges);
  cy.getElementById(key).addClass("expanded");
  note(hood.capped ? ` (the neighbourhood of ${key} has more than ${hood.limit}; showing the first)` : "");
}

async function download(format) {
  const r = await fetch("/export", {method: "POST", headers: {"content-type": "application/json"},
    body: JSON.stringify({keys: cy.nodes().map((n) => n.id()), format})});
  if (!r.ok) throw new ApiError(await r.json(), r.status);
  const link = el("a", {href: URL.createObjectURL(await r.blob()), download: `parkgraph.${format}`});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// -- the entity view -----------------------------------------------------------------------------
async function showEntity(key, expanded) {
  if (!expanded.includes(key)) expanded = [...expanded, key];
  // Only what the URL adds to the graph in view is fetched; anything else starts afresh.
  const drawn = view.kind === "entity" && view.expanded.every((k, i) => expanded[i] === k) ? view.expanded : [];
  if (!drawn.length) cy.elements().remove();
  const me = view = {kind: "entity", expanded};
  if ($("card").dataset.entity !== key) await showCard(key, me);
  for (const k of expanded.slice(drawn.length)) {
    if (view !== me) return;
    await expand(k, me);
  }
  if (view !== me) return;
  cy.nodes().unselect();
  cy.getElementById(key).select();
}

async function openArticle(ref) {
  const a = await api(`/articles/${encodeURIComponent(ref.id)}`);
  $("article-title").textContent = a.title || a.id;
  $("article-meta").textContent = [a.date, a.source, a.id].filter(Boolean).join(" · ");
  $("article-text").textContent = a.text;
  $("article-view").showModal();
}

async function showCard(id, owner) {
  const c = await api(`/entities/${encodeURIComponent(id)}`);
  if (view !== owner) return;
  const parts = [el("h2", {}, typeBadge(c.type), c.name), el("div", {className: "note", textContent: c.id})];
  if (c.aliases.length) parts.push(el("p", {className: "aliases", textContent: "又名 " + c.aliases.join("、")}));
  for (const [type, rels] of Object.entries(c.relationships)) {
    parts.push(el("h3", {textContent: `${type} (${rels.length})`}));
    for (const r of rels) {
      const props = Object.entries(r.properties).map(([k, v]) => `${k}: ${v}`).join(", ");
      const other = el("a", {textContent: r.other.name, title: r.other.id, href: entityUrl(r.other.id, [r.other.id])});
      other.addEventListener("click", (ev) => { ev.preventDefault(); openEntity(r.other.id); });
      const item = el("div", {className: "rel"}, r.direction === "out" ? "→ " : "← ", other,
        props ? ` (${props})` : "");
      for (const s of r.supports) {
        const link = el("a", {href: `/articles/${encodeURIComponent(s.article.id)}`, className: "article-link",
          textContent: s.article.title || s.article.id});
        link.addEventListener("click", (ev) => { ev.preventDefault(); openArticle(s.article); });
        item.append(el("blockquote", {className: "evidence"}, s.sentence, el("br"),
          el("span", {className: "note"}, link, ` ${s.article.date || ""} · ${s.method}`)));
      }
      parts.push(item);
    }
  }
  $("card").replaceChildren(...parts);
  $("card").dataset.entity = id;
}

// -- named queries -------------------------------------------------------------------------------
let catalog = null;
const queries = async () => catalog || (catalog = await api("/queries"));

// A named query as a question to ask: its description, an input per parameter, a Run button.
function questionForm(q, values) {
  const inputs = q.params.map((p) => el("label", {title: p.description},
    `${p.name} `, el("input", {name: p.name, required: p.required, value: values[p.name] ?? (p.required ? p.examples[0] : ""),
      placeholder: p.examples.join(", "), type: p.type === "int" ? "number" : "text"}),
    el("span", {className: "note", textContent: ` ${p.entity_type || p.type}${p.required ? "" : ", optional"}`})));
  const form = el("form", {className: "question"},
    el("div", {className: "ask", textContent: q.description}), ...inputs, el("button", {type: "submit", textContent: "Run"}));
  form.dataset.query = q.name;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const params = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
    go(queryUrl(q.name, params));
  });
  return form;
}

async function showQuery(name, params) {
  const me = view = {kind: "query", expanded: []};
  cy.elements().remove();
  note("");
  const q = (await queries()).find((x) => x.name === name);
  if (!q) throw new Error(`no named query ${name}`);
  const parts = [el("p", {}, el("a", {href: "#", textContent: "← overview"})), el("h2", {textContent: "Question"}),
    questionForm(q, params)];
  $("card").replaceChildren(...parts);
  delete $("card").dataset.entity;
  let answer;
  try {
    answer = await api(`/queries/${encodeURIComponent(name)}/graph?${new URLSearchParams(params)}`);
  } catch (err) {
    if (view !== me) return;
    const tips = (err.body && err.body.suggestions) || [];
    $("card").append(el("p", {className: "error", textContent: err.message}),
      ...tips.map((s) => el("button", {type: "button", className: "suggestion", textContent: s,
        onclick: () => go(queryUrl(name, {...params, [err.body.parameter]: s}))})));
    return;
  }
  if (view !== me) return;
  draw(answer.nodes, answer.edges);
  note(` drawn from the answer's ${answer.rows.length} rows`);
  $("card").append(answerTable(answer));
}

// The answer as a table; a cell that names an entity drawn in the graph opens it.
function answerTable(answer) {
  const ids = new Map(answer.nodes.flatMap((n) => [[n.name, n.id], ...n.aliases.map((a) => [a, n.id])]));
  const cell = (v) => {
    const text = v === null || v === undefined ? "" : Array.isArray(v) ? v.join("|") : String(v);
    if (!ids.has(text)) return el("td", {textContent: text});
    const link = el("a", {textContent: text, href: entityUrl(ids.get(text), [ids.get(text)])});
    return el("td", {}, link);
  };
  const table = el("table", {className: "answer"},
    el("thead", {}, el("tr", {}, ...answer.columns.map((c) => el("th", {textContent: c})))),
    el("tbody", {}, ...answer.rows.map((r) => el("tr", {}, ...answer.columns.map((c) => cell(r[c]))))));
  return el("div", {}, el("h3", {textContent: `Answer (${answer.rows.length} row${answer.rows.length === 1 ? "" : "s"})`}),
    answer.rows.length ? table : el("p", {className: "note", textContent: "no rows"}));
}

// -- the overview --------------------------------------------------------------------------------
async function showOverview() {
  const me = view = {kind: "overview", expanded: []};
  cy.elements().remove();
  delete $("card").dataset.entity;
  const [stats, top, catalogue] = await Promise.all([api("/stats"), api("/queries/most_connected_parks/graph?limit=10"),
    queries()]);
  if (view !== me) return;
  const counts = (group) => el("table", {className: "counts"}, el("tbody", {},
    ...Object.entries(group).sort((a, b) => b[1] - a[1]).map(([k, n]) => el("tr", {},
      el("td", {}, COLOURS[k] ? typeBadge(k) : k), el("td", {className: "n", textContent: String(n)})))));
  const ids = new Map(top.nodes.map((n) => [n.name, n.id]));
  const parks = el("ol", {className: "top-parks"}, ...top.rows.map((r) => el("li", {},
    el("a", {href: entityUrl(ids.get(r.park), [ids.get(r.park)]), textContent: r.park}),
    el("span", {className: "note", textContent: ` ${r.degree} relationships`}))));
  $("card").replaceChildren(
    el("h2", {textContent: "Overview"}),
    el("p", {className: "note", textContent: `${stats.articles} articles, ${Object.values(stats.entities).reduce((a, b) => a + b, 0)} ` +
      `entities, ${Object.values(stats.relations).reduce((a, b) => a + b, 0)} relationships (${stats.supports} supports)`}),
    el("div", {className: "columns"}, el("div", {}, el("h3", {textContent: "Entities by type"}), counts(stats.entities)),
      el("div", {}, el("h3", {textContent: "Relationships by type"}), counts(stats.relations))),
    el("h3", {textContent: "Most connected parks"}), parks,
    el("h3", {textContent: "Questions"}), el("div", {id: "questions"}, ...catalogue.map((q) => questionForm(q, {}))));
  draw(top.nodes, top.edges);
  for (const r of top.rows.slice(0, OVERVIEW_EXPANDED)) {
    if (view !== me) return;
    await expand(ids.get(r.park), me);
  }
  if (view !== me) return;
  note(` (the most connected parks, the first ${OVERVIEW_EXPANDED} with their neighbours; click one to open it)`);
}

// -- wiring --------------------------------------------------------------------------------------
$("search-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const params = new URLSearchParams({q: $("q").value, limit: "50"});
  if ($("type").value) params.set("type", $("type").value);
  try {
    const found = await api(`/entities?${params}`);
    $("results").replaceChildren(...(found.items.length ? found.items.map((e) =>
      el("button", {className: "result", onclick: () => go(entityUrl(e.id, [e.id]))}, typeBadge(e.type), e.name))
      : [el("p", {className: "note", textContent: "nothing found"})]));
  } catch (err) {
    $("results").replaceChildren(el("p", {className: "error", textContent: err.message}));
  }
});

cy.on("tap", "node", (ev) => openEntity(ev.target.id()));
for (const button of $("downloads").querySelectorAll("button")) {
  button.addEventListener("click", () => download(button.dataset.format).catch((err) => { $("graph-note").textContent = err.message; }));
}
$("close-article").addEventListener("click", () => $("article-view").close());
$("type").append(...Object.keys(COLOURS).map((t) => el("option", {value: t, textContent: t})));
$("legend").replaceChildren(...Object.keys(COLOURS).map((t) => typeBadge(t)));
window.addEventListener("hashchange", route);
route();
