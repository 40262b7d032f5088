// kg reextract's mark that an article has its new facts, created in bulk with them: Ladybug
// keeps COPY's rows out of its log, so a kill during the commit's checkpoint loses the mark
// together with the facts, never the facts alone (a SET on the article would survive them).
COPY Redone FROM $rows
