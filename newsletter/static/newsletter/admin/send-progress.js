// The send page's progress: asks the progress JSON every few seconds and updates the
// counts, times and failure reasons, until the send is finished. No personal data.
(function () {
  "use strict";
  var box = document.getElementById("send-progress");
  if (!box || box.dataset.done === "yes") return;
  var QUIET_MS = 3 * 60 * 1000;
  var EVERY_MS = 4000;

  function set(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el && value !== undefined && value !== null) el.textContent = value === "" ? "–" : value;
  }

  function failures(list) {
    var holder = box.querySelector('[data-field="failures"]');
    if (!holder) return;
    holder.textContent = "";
    if (!list.length) return;
    var title = document.createElement("h3");
    title.textContent = box.dataset.textReasons;
    var ul = document.createElement("ul");
    ul.className = "send-failures";
    list.forEach(function (item) {
      var li = document.createElement("li");
      var count = document.createElement("strong");
      count.textContent = item.count;
      li.appendChild(count);
      li.appendChild(document.createTextNode(" – " + item.explanation));
      ul.appendChild(li);
    });
    holder.appendChild(title);
    holder.appendChild(ul);
  }

  function update(data) {
    ["sent", "failed", "interrupted", "pending"].forEach(function (name) {
      set(name, String(data[name]));
    });
    set("rate", data.rate_display);
    set("started_display", data.started_display);
    set("last_activity_display", data.last_activity_display);
    set("finished_display", data.finished_display);
    failures(data.failures);
    var state = box.dataset.textSending;
    if (data.done) {
      state = box.dataset.textDone;
    } else if (data.last_activity && Date.now() - Date.parse(data.last_activity) > QUIET_MS) {
      state = box.dataset.textQuiet;
    }
    set("state", state);
    box.dataset.done = data.done ? "yes" : "no";
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        update(data);
        if (!data.done) window.setTimeout(poll, EVERY_MS);
      })
      .catch(function () {
        window.setTimeout(poll, EVERY_MS * 3);
      });
  }

  window.setTimeout(poll, EVERY_MS);
})();
