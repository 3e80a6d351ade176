// The /sparql editor: YASGUI (vendored) on this endpoint, one tab per named query.
// Configuration comes from the JSON block the server wrote (data, never executed).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-editor-data").textContent);
  var endpoint = new URL(data.endpoint, window.location.href).href;
  document.getElementById("kg-endpoint").textContent = endpoint;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,          // the examples come from the store each time the page loads
    populateFromUrl: false,
    autoAddOnInit: false,
    // no class / property completion: it asks a web service (LOV)
    yasqe: { autocompleters: ["prefixes", "variables"], collapsePrefixesOnLoad: true,
             value: data.prologue + "\nSELECT * WHERE {\n  ?s ?p ?o\n} LIMIT 10\n" },
  });
  data.examples.forEach(function (example, i) {
    yasgui.addTab(i === 0, { name: example.name, yasqe: { value: example.query } });
  });
  if (!data.examples.length) { yasgui.addTab(true, {}); }
  window.kgYasgui = yasgui;       // for scripts and tests driving the page
})();
