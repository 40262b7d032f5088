// The explorer page: search, an entity card with its evidence, and a neighbourhood graph that
// grows on click. Text from the graph is only ever set as textContent, never parsed as HTML.
"use strict";
const COLOURS = {Park: "#2f7ed8", Chain: "#8bbc21", Lab: "#910000", Institute: "#1aadce", Enterprise: "#f28f43",
  University: "#492970", Organization: "#77a1e5", Event: "#c42525", Report: "#a6c96a", Award: "#d4a017",
  Product: "#6d6d6d", Region: "#b0b0b0"};
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const typeBadge = (type) => el("span", {className: "type", textContent: type, style: `background:${COLOURS[type] || "#999"}`});

async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
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
window.parkgraph = {cy};  // for the browser tests and the curious

function legend() {
  $("legend").replaceChildren(...Object.keys(COLOURS).map((t) => typeBadge(t)));
}

async function expand(id) {
  const hood = await api(`/entities/${encodeURIComponent(id)}/neighbors?depth=1&limit=60`);
  const added = [];
  for (const n of hood.nodes) {
    if (cy.getElementById(n.id).empty()) {
      added.push({group: "nodes", data: {id: n.id, label: n.name, type: n.type, colour: COLOURS[n.type] || "#999"}});
    }
  }
  for (const e of hood.edges) {
    const eid = `${e.source}|${e.type}|${e.target}`;
    if (cy.getElementById(eid).empty()) added.push({group: "edges", data: {id: eid, source: e.source, target: e.target, type: e.type}});
  }
  cy.add(added);
  cy.getElementById(id).addClass("expanded");
  cy.layout({name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true}).run();
  $("graph-note").textContent = `${cy.nodes().length} entities, ${cy.edges().length} relationships` +
    (hood.capped ? ` (the neighbourhood of ${id} has more than ${hood.limit}; showing the first)` : "");
}

async function openArticle(ref) {
  const a = await api(`/articles/${encodeURIComponent(ref.id)}`);
  $("article-title").textContent = a.title || a.id;
  $("article-meta").textContent = [a.date, a.source, a.id].filter(Boolean).join(" · ");
  $("article-text").textContent = a.text;
  $("article-view").showModal();
}

async function showCard(id) {
  const c = await api(`/entities/${encodeURIComponent(id)}`);
  const parts = [el("h2", {}, typeBadge(c.type), c.name), el("div", {className: "note", textContent: c.id})];
  if (c.aliases.length) parts.push(el("p", {className: "aliases", textContent: "又名 " + c.aliases.join("、")}));
  for (const [type, rels] of Object.entries(c.relationships)) {
    parts.push(el("h3", {textContent: `${type} (${rels.length})`}));
    for (const r of rels) {
      const props = Object.entries(r.properties).map(([k, v]) => `${k}: ${v}`).join(", ");
      const other = el("a", {textContent: r.other.name, title: r.other.id, onclick: () => select(r.other.id)});
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
}

async function select(id) {
  try {
    await showCard(id);
    await expand(id);
    cy.nodes().unselect();
    cy.getElementById(id).select();
  } catch (err) {
    $("card").replaceChildren(el("p", {className: "error", textContent: err.message}));
  }
}

$("search-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const params = new URLSearchParams({q: $("q").value, limit: "50"});
  if ($("type").value) params.set("type", $("type").value);
  try {
    const found = await api(`/entities?${params}`);
    $("results").replaceChildren(...(found.items.length ? found.items.map((e) =>
      el("button", {className: "result", onclick: () => { cy.elements().remove(); select(e.id); }},
        typeBadge(e.type), e.name)) : [el("p", {className: "note", textContent: "nothing found"})]));
  } catch (err) {
    $("results").replaceChildren(el("p", {className: "error", textContent: err.message}));
  }
});

cy.on("tap", "node", (ev) => select(ev.target.id()));
$("close-article").addEventListener("click", () => $("article-view").close());
$("type").append(...Object.keys(COLOURS).map((t) => el("option", {value: t, textContent: t})));
legend();
