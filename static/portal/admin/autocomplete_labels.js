/* Gives each autocomplete's search box (select2 builds it without a label) the name of its
   field, so a screen reader says what is searched. select2 starts in a jQuery "ready"
   handler, which may come after "load": a few tries, like translation_tabs.js. */
(function () {
  "use strict";
  function label(triesLeft) {
    var pending = false;
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (select.name.indexOf("__prefix__") !== -1) {
        return;
      }
      var container = select.nextElementSibling;
      var search = container && container.querySelector(".select2-search__field");
      var name = document.querySelector('label[for="' + select.id + '"]');
      if (!search) {
        pending = true;
      } else if (name && !search.hasAttribute("aria-label")) {
        search.setAttribute("aria-label", name.textContent.replace(/[\s:\u202f]+$/, ""));
      }
    });
    if (pending && triesLeft > 0) {
      window.setTimeout(function () { label(triesLeft - 1); }, 50);
    }
  }
  window.addEventListener("load", function () { label(40); });
})();
