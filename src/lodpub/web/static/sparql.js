/* The SPARQL query page: run the query, show the results as a table, offer downloads.
   Everything from the data is inserted as text, never as HTML. */
(function () {
  "use strict";
  const page = document.getElementById("sparql");
  if (!page) { return; }
  const form = document.getElementById("sparql-form");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const output = document.getElementById("output");
  const downloads = document.getElementById("downloads");
  const permalink = document.getElementById("permalink");
  const base = page.dataset.base;
  const endpoint = page.dataset.endpoint;
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  function queryLink(query, format) {
    let link = endpoint + "?query=" + encodeURIComponent(query);
    if (format) { link += "&format=" + encodeURIComponent(format); }
    return link;
  }

  function updateLinks() {
    permalink.href = queryLink(editor.value);
    downloads.hidden = true;
  }

  /* An IRI under the base that names a thing links to the page that describes it. */
  function href(iri) {
    const things = base + "id/";
    if (iri.startsWith(things)) {
      return "/doc/" + iri.slice(things.length).split("#")[0];
    }
    if (iri.startsWith(base)) { return "/" + iri.slice(base.length); }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      const target = href(term.value);
      const node = document.createElement(target ? "a" : "span");
      if (target) { node.href = target; }
      node.textContent = term.value;
      td.appendChild(node);
    } else if (term.type === "literal") {
      td.appendChild(document.createTextNode(term.value));
      const extra = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? "^^" + term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:") : "");
      if (extra) {
        const small = document.createElement("span");
        small.className = term["xml:lang"] ? "lang" : "datatype";
        small.textContent = extra;
        td.appendChild(small);
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function showTable(data) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = "?" + name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const name of data.head.vars) { row.appendChild(cell(binding[name])); }
    }
    output.appendChild(table);
    return data.results.bindings.length;
  }

  function showDownloads(kind) {
    for (const link of downloads.querySelectorAll("a.download")) {
      const applies = link.classList.contains(kind);
      link.hidden = !applies;
      if (applies) { link.href = queryLink(editor.value, link.dataset.format); }
    }
    downloads.hidden = false;
  }

  async function run() {
    const query = editor.value;
    updateLinks();
    output.replaceChildren();
    status.className = "";
    status.textContent = page.dataset.running;
    const started = performance.now();
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT},
        body: new URLSearchParams({query: query})
      });
    } catch (error) {
      status.className = "error";
      status.textContent = String(error);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2) + " s";
    const text = await response.text();
    if (!response.ok) {
      status.className = "error";
      status.textContent = response.status + " " + response.statusText + "\n" + text;
      return;
    }
    const truncated = response.headers.get("Lodpub-Result-Truncated") === "true";
    const type = response.headers.get("Content-Type") || "";
    let summary;
    if (type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      if (typeof data.boolean === "boolean") {
        const answer = document.createElement("p");
        answer.className = "boolean";
        answer.textContent = String(data.boolean);
        output.appendChild(answer);
        summary = "";
      } else {
        summary = showTable(data) + " " + page.dataset.rows;
      }
      showDownloads("solutions");
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      output.appendChild(pre);
      summary = (response.headers.get("Lodpub-Result-Count") || "") + " triples";
      showDownloads("graph");
    }
    status.textContent = [summary, seconds].filter(Boolean).join(" · ");
    if (truncated) {
      const note = document.createElement("span");
      note.className = "truncated";
      note.textContent = " · " + page.dataset.truncated;
      status.appendChild(note);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.dataset.done = "false";
    run().finally(function () { status.dataset.done = "true"; });
  });
  editor.addEventListener("input", updateLinks);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", function () {
      editor.value = button.dataset.query;
      updateLinks();
      editor.focus();
      window.scrollTo(0, form.offsetTop);
    });
  }
  if (page.dataset.autorun === "true") { form.requestSubmit(); }
})();
