/* The admin's rich text editor: Squire on a contenteditable area that writes its HTML
   back to the field's textarea (kept as the form value, and as the editor without JS). */
(function () {
  "use strict";

  // The tags the server keeps (portal/core/richtext.py); pasted text keeps nothing else.
  var ALLOWED_TAGS = [
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "hr", "abbr"
  ];
  var TEXT_BLOCKS = ["P", "H2", "H3", "H4", "DIV"];

  function sanitize(html) {
    return DOMPurify.sanitize(html, {
      ALLOWED_TAGS: ALLOWED_TAGS,
      ALLOWED_ATTR: ["href", "title", "lang"],
      RETURN_DOM_FRAGMENT: true
    });
  }

  function setBlock(editor, tag) {
    editor.modifyBlocks(function (frag) {
      var out = document.createDocumentFragment();
      Array.prototype.slice.call(frag.childNodes).forEach(function (node) {
        if (node.nodeType === 1 && TEXT_BLOCKS.indexOf(node.nodeName) !== -1) {
          var block = document.createElement(tag);
          while (node.firstChild) {
            block.appendChild(node.firstChild);
          }
          out.appendChild(block);
        } else {
          out.appendChild(node);
        }
      });
      return out;
    });
  }

  function toggle(editor, tag, add, remove) {
    if (editor.hasFormat(tag)) {
      remove.call(editor);
    } else {
      add.call(editor);
    }
  }

  var COMMANDS = {
    p: function (editor) { setBlock(editor, "P"); },
    h2: function (editor) { setBlock(editor, "H2"); },
    h3: function (editor) { setBlock(editor, "H3"); },
    bold: function (editor) { toggle(editor, "B", editor.bold, editor.removeBold); },
    italic: function (editor) { toggle(editor, "I", editor.italic, editor.removeItalic); },
    ul: function (editor) {
      toggle(editor, "UL", editor.makeUnorderedList, editor.removeList);
    },
    ol: function (editor) {
      toggle(editor, "OL", editor.makeOrderedList, editor.removeList);
    },
    quote: function (editor) {
      toggle(editor, "BLOCKQUOTE", editor.increaseQuoteLevel, editor.decreaseQuoteLevel);
    },
    link: function (editor, button) {
      var url = window.prompt(button.getAttribute("data-prompt"), "https://");
      if (url && /^(https?:|mailto:|tel:)/i.test(url.trim())) {
        editor.makeLink(url.trim());
      }
    },
    unlink: function (editor) { editor.removeLink(); },
    undo: function (editor) { editor.undo(); },
    redo: function (editor) { editor.redo(); }
  };

  function isEmpty(area) {
    return !area.textContent.trim() && !area.querySelector("hr");
  }

  function init(wrapper) {
    if (wrapper.getAttribute("data-ready") || wrapper.closest(".empty-form")) {
      return;
    }
    wrapper.setAttribute("data-ready", "1");
    var textarea = wrapper.querySelector("textarea");
    var toolbar = wrapper.querySelector("[role=toolbar]");
    var area = document.createElement("div");
    area.className = "richtext-editor";
    area.id = textarea.id + "-editor";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      // A click on the label goes to the editor, not to the hidden textarea.
      label.addEventListener("click", function (event) {
        event.preventDefault();
        area.focus();
      });
    }
    toolbar.setAttribute("aria-controls", area.id);
    textarea.parentNode.insertBefore(area, textarea.nextSibling);
    textarea.hidden = true;

    var editor = new Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitize });
    editor.setHTML(textarea.value);
    var sync = function () {
      textarea.value = isEmpty(area) ? "" : editor.getHTML();
    };
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", sync);
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (!button) {
        return;
      }
      event.preventDefault();
      COMMANDS[button.getAttribute("data-command")](editor, button);
      editor.focus();
      sync();
    });
    if (textarea.form) {
      textarea.form.addEventListener("submit", sync);
    }
  }

  function initAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-richtext]"), init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  // A new inline form (an article added to an issue) gets its editor too.
  document.addEventListener("formset:added", function (event) { initAll(event.target); });
})();
