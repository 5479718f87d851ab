/* Marks the language tabs of fields whose translation is missing or out of date. The
   states come from the server (a JSON block, not script, so the CSP allows it); the tabs
   are built by modeltranslation when the page is ready, so this runs at "load". */
(function () {
  "use strict";
  // modeltranslation builds the tabs in a jQuery "ready" handler, which jQuery runs
  // asynchronously: on a page with nothing left to load, "load" can come first. So the
  // marks wait for the tabs (a few tries), rather than assume they are there.
  function mark(states, triesLeft) {
    var fields = Object.keys(states.fields);
    var built = fields.some(function (field) {
      return document.querySelector('a[href="#tab_id_' + field + '"]');
    });
    if (!built) {
      if (triesLeft > 0) {
        window.setTimeout(function () { mark(states, triesLeft - 1); }, 50);
      }
      return;
    }
    fields.forEach(function (field) {
      var state = states.fields[field];
      var tab = document.querySelector('a[href="#tab_id_' + field + '"]');
      if (!tab || tab.querySelector(".translation-flag")) {
        return;
      }
      var flag = document.createElement("span");
      flag.className = "translation-flag translation-" + state;
      flag.setAttribute("title", states.labels[state]);
      flag.textContent = state === "missing" ? " ✗" : " ⚠";
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = " (" + states.labels[state] + ")";
      tab.appendChild(flag);
      tab.appendChild(text);
      tab.parentNode.classList.add("translation-tab-" + state);
    });
  }
  window.addEventListener("load", function () {
    var data = document.getElementById("translation-field-states");
    if (data) {
      mark(JSON.parse(data.textContent), 100);
    }
  });
})();
