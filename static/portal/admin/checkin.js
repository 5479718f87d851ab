/* The check-in page (registrations/admin/checkin.py). Without this script every form still
   works (plain POST, GET search). With it:
   - the list filters as staff type;
   - a tap checks in (or undoes) at once; the action goes into a queue kept in localStorage
     and is sent with fetch(); while offline the queue waits and is sent, in order, when the
     connection returns. The queue belongs to the staff member and the session (a shared
     phone): actions older than QUEUE_HOURS are dropped, and queues that other staff left
     on this phone are cleared, never sent in this one's name. Actions set a state (arrived or not) and walk-ins carry an id made
     here, so an action sent twice changes nothing more;
   - a QR code is read with the camera (BarcodeDetector, else the vendored jsQR) or from a
     photo, and sent like a typed code. */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  root.classList.add("checkin-js");
  var strings = JSON.parse(document.getElementById("checkin-strings").textContent);
  var list = document.getElementById("checkin-list");
  var statusLine = document.getElementById("checkin-status");
  var QUEUE_PREFIX = "checkin-queue-";
  var QUEUE_HOURS = 6;
  var userPrefix = QUEUE_PREFIX + root.dataset.user + "-";
  var queueKey = userPrefix + root.dataset.session;
  var sending = false;

  function csrfToken() {
    return root.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  function say(text, isError) {
    statusLine.textContent = text || "";
    statusLine.classList.toggle("is-error", Boolean(isError));
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /* The queue: [{id, url, fields, at}], oldest first; `at` is when the tap was made. */
  function fresh(action) {
    return action && typeof action.at === "number" && Date.now() - action.at < QUEUE_HOURS * 3600 * 1000;
  }
  function readQueue(key) {
    var queue;
    try { queue = JSON.parse(localStorage.getItem(key || queueKey)) || []; } catch (e) { queue = []; }
    return Array.isArray(queue) ? queue.filter(fresh) : [];
  }
  function writeQueue(queue) {
    try { localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* private mode: the page still holds it */ }
  }
  /* Another staff member's queues (and the old ones, keyed by session only) are removed;
     this one's other sessions keep only their recent actions. */
  function tidyQueues() {
    try {
      var keys = [];
      for (var i = 0; i < localStorage.length; i += 1) keys.push(localStorage.key(i));
      keys.forEach(function (key) {
        if (key.indexOf(QUEUE_PREFIX) !== 0) return;
        if (key.indexOf(userPrefix) !== 0) { localStorage.removeItem(key); return; }
        var queue = readQueue(key);
        if (queue.length) localStorage.setItem(key, JSON.stringify(queue)); else if (key !== queueKey) localStorage.removeItem(key);
      });
      writeQueue(readQueue());
    } catch (e) { /* no storage: nothing kept */ }
  }
  tidyQueues();
  function enqueue(url, fields) {
    var action = {id: fields.action_id, url: url, fields: fields, at: Date.now()};
    var queue = readQueue();
    queue.push(action);
    writeQueue(queue);
    flush();
    return action;
  }
  function dropFromQueue(id) {
    writeQueue(readQueue().filter(function (action) { return action.id !== id; }));
  }

  /* Search as you type: every word must appear in the name or email. */
  var search = document.getElementById("checkin-q");
  var empty = document.getElementById("checkin-empty");
  var emptyText = empty.textContent;
  function filter() {
    var words = search.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    list.querySelectorAll(".checkin-row").forEach(function (row) {
      var text = row.dataset.search || "";
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    empty.hidden = shown > 0;
    // Nobody shown: because of the search, or because nobody is registered yet.
    if (!shown) empty.textContent = words.length ? strings.noMatch : emptyText;
  }
  search.addEventListener("input", filter);
  search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });

  function setCounts(counts) {
    if (!counts) return;
    ["expected", "arrived", "waiting"].forEach(function (name) {
      document.getElementById("count-" + name).textContent = counts[name];
    });
  }
  function bump(name, by) {
    var cell = document.getElementById("count-" + name);
    cell.textContent = Math.max(0, parseInt(cell.textContent, 10) + by);
  }

  var capacityLine = document.getElementById("checkin-capacity-line");

  /* The server's answer to one queued action. */
  function applyAnswer(action, data) {
    setCounts(data.counts);
    if (data.capacity_line && capacityLine) capacityLine.textContent = data.capacity_line;
    if (data.row) {
      var holder = document.createElement("ul");
      holder.innerHTML = data.row.trim();
      var fresh = holder.firstElementChild;
      var old = document.getElementById("person-" + data.id) ||
        (action.fields.client_id && list.querySelector('[data-client-id="' + action.fields.client_id + '"]'));
      if (old) old.replaceWith(fresh); else list.prepend(fresh);
      var twin = list.querySelector('[data-client-id="' + (action.fields.client_id || "-") + '"]');
      if (twin) twin.remove();
      bind(fresh);
      filter();
    }
    if (!data.ok && !data.row && action.fields.client_id) {
      var unsent = list.querySelector('[data-client-id="' + action.fields.client_id + '"]');
      if (unsent) unsent.remove();
    }
    say(data.message, !data.ok);
  }

  var pendingConfirm = null;
  var confirmBox = document.getElementById("checkin-confirm");
  function askOverCapacity(action, data) {
    pendingConfirm = action;
    setCounts(data.counts);
    var waiting = action.fields.client_id && list.querySelector('[data-client-id="' + action.fields.client_id + '"]');
    if (waiting) markPending(waiting, strings.toConfirm);
    document.getElementById("checkin-confirm-text").textContent = data.message;
    confirmBox.hidden = false;
    document.getElementById("checkin-confirm-yes").focus();
  }
  document.getElementById("checkin-confirm-yes").addEventListener("click", function () {
    confirmBox.hidden = true;
    if (!pendingConfirm) return;
    var action = pendingConfirm;
    pendingConfirm = null;
    // A walk-in keeps its id (a replay must still make one person); the rest get a new one.
    var fields = Object.assign({}, action.fields, {over_capacity: "1"});
    if (!fields.client_id) fields.action_id = newId();
    enqueue(action.url, fields);
  });
  document.getElementById("checkin-confirm-no").addEventListener("click", function () {
    confirmBox.hidden = true;
    if (pendingConfirm && pendingConfirm.fields.client_id) {
      var row = list.querySelector('[data-client-id="' + pendingConfirm.fields.client_id + '"]');
      if (row) row.remove();
    }
    pendingConfirm = null;
    location.reload();
  });

  /* Send the queue, oldest first, one at a time. A network failure keeps the action (and
     the rest) for later; any answer from the server removes it. */
  function flush() {
    if (sending || !navigator.onLine) return;
    var queue = readQueue();
    if (!queue.length) return;
    sending = true;
    var action = queue[0];
    var body = new FormData();
    Object.keys(action.fields).forEach(function (name) { body.append(name, action.fields[name]); });
    fetch(action.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken()},
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) throw new Error("not json");  // e.g. the login page
      return response.json().then(function (data) {
        dropFromQueue(action.id);
        sending = false;
        if (data.over_capacity) askOverCapacity(action, data); else applyAnswer(action, data);
        flush();
      });
    }).catch(function () {
      sending = false;
      if (navigator.onLine) say(strings.failed, true);
    });
  }

  /* One tap on a row: show the new state now, send it (or keep it for later). */
  function onRowSubmit(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var row = form.closest(".checkin-row");
    var arrived = form.elements.arrived.value === "1";
    var fields = {registration: form.elements.registration.value, arrived: arrived ? "1" : "0", action_id: newId()};
    var button = form.querySelector("button");
    var wasConfirmed = row.dataset.status === "confirmed";
    row.classList.toggle("is-arrived", arrived);
    form.elements.arrived.value = arrived ? "0" : "1";
    button.firstChild.textContent = arrived ? strings.undo : (wasConfirmed ? strings.checkIn : strings.admit);
    button.classList.toggle("default", !arrived);
    if (arrived && !wasConfirmed) row.dataset.status = "confirmed";
    bump("arrived", arrived ? 1 : -1);
    if (!navigator.onLine) markPending(row);
    enqueue(form.action, fields);
  }
  function markPending(row, text) {
    text = text || strings.pending;
    row.classList.add("is-pending");
    row.querySelector(".checkin-person").dataset.pending = text;
    row.dataset.pending = text;
  }
  function bind(row) {
    var form = row.querySelector("form.checkin-action");
    if (form) form.addEventListener("submit", onRowSubmit);
  }
  list.querySelectorAll(".checkin-row").forEach(bind);

  /* A code, typed or read from a QR code. */
  var codeForm = document.getElementById("checkin-code-form");
  function sendCode(code) {
    enqueue(codeForm.action, {code: code.trim(), arrived: "1", action_id: newId()});
    if (!navigator.onLine) say(strings.pending);
  }
  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    sendCode(codeForm.elements.code.value);
    codeForm.elements.code.value = "";
  });

  /* A walk-in: shown at once, sent with its own id. */
  var walkIn = document.getElementById("checkin-walk-in-form");
  walkIn.addEventListener("submit", function (event) {
    event.preventDefault();
    var clientId = newId();
    var fields = {
      client_id: clientId,
      name: walkIn.elements.name.value.trim(),
      email: walkIn.elements.email.value.trim(),
      action_id: clientId,
    };
    if (!fields.name) return;
    var row = document.getElementById("checkin-walk-in-row").content.firstElementChild.cloneNode(true);
    row.dataset.clientId = clientId;
    row.dataset.search = (fields.name + " " + fields.email).toLowerCase();
    row.querySelector(".checkin-name").textContent = fields.name;
    markPending(row, navigator.onLine ? strings.sending : strings.pending);
    list.prepend(row);
    walkIn.reset();
    enqueue(walkIn.action, fields);
  });

  /* The capacity: sent at once (not queued: it needs the server's answer). When the new
     places would be offered to people waiting (and email them), the server asks first
     and the page asks staff here; their yes sends it again with what they confirmed. */
  var capacityForm = document.getElementById("checkin-capacity-form");
  var capacityConfirm = document.getElementById("checkin-capacity-confirm");
  var capacitySignature = "";
  function sendCapacity(confirmed) {
    var body = new FormData(capacityForm);
    if (confirmed) body.append("emails_confirmed", confirmed);
    fetch(capacityForm.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken()},
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) throw new Error("not json");
      return response.json();
    }).then(function (data) {
      setCounts(data.counts);
      if (data.confirm) {
        capacitySignature = data.confirm;
        document.getElementById("checkin-capacity-confirm-text").textContent = data.message;
        capacityConfirm.hidden = false;
        document.getElementById("checkin-capacity-yes").focus();
        return;
      }
      if (data.offered) {
        // People moved from waiting to offered: the list is drawn again, the message kept.
        try { sessionStorage.setItem("checkin-said", data.message); } catch (e) { /* shown no more */ }
        location.reload();
        return;
      }
      if (data.capacity_line) document.getElementById("checkin-capacity-line").textContent = data.capacity_line;
      say(data.message, !data.ok);
    }).catch(function () { say(strings.failed, true); });
  }
  if (capacityForm) {
    capacityForm.addEventListener("submit", function (event) {
      event.preventDefault();
      capacityConfirm.hidden = true;
      sendCapacity("");
    });
    document.getElementById("checkin-capacity-yes").addEventListener("click", function () {
      capacityConfirm.hidden = true;
      sendCapacity(capacitySignature);
    });
    document.getElementById("checkin-capacity-no").addEventListener("click", function () {
      capacityConfirm.hidden = true;
      capacityForm.elements.capacity.focus();
    });
  }

  /* Reading QR codes: BarcodeDetector where the browser has it, else jsQR on a canvas. */
  var detector = null;
  if ("BarcodeDetector" in window) {
    try { detector = new window.BarcodeDetector({formats: ["qr_code"]}); } catch (e) { detector = null; }
  }
  function decodeCanvas(canvas) {
    var context = canvas.getContext("2d", {willReadFrequently: true});
    if (detector) {
      return detector.detect(canvas).then(function (codes) {
        return codes.length ? codes[0].rawValue : decodeWithJsQR(context, canvas);
      }).catch(function () { return decodeWithJsQR(context, canvas); });
    }
    return Promise.resolve(decodeWithJsQR(context, canvas));
  }
  function decodeWithJsQR(context, canvas) {
    if (!window.jsQR) return null;
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(image.data, image.width, image.height);
    return found ? found.data : null;
  }
  function drawToCanvas(source, width, height) {
    var canvas = document.createElement("canvas");
    var scale = Math.min(1, 1024 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext("2d", {willReadFrequently: true}).drawImage(source, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  var photo = document.getElementById("checkin-photo");
  root.querySelector(".checkin-photo").hidden = false;
  photo.addEventListener("change", function () {
    var file = photo.files[0];
    if (!file) return;
    // A data: URL (the CSP allows data: images, not blob: ones).
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        decodeCanvas(drawToCanvas(image, image.naturalWidth, image.naturalHeight)).then(function (code) {
          photo.value = "";
          if (code) sendCode(code); else say(strings.noCode, true);
        });
      };
      image.onerror = function () { say(strings.noCode, true); };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  });

  /* The camera keeps scanning, person after person, until stopped: the same code seen
     again within a few seconds (still in front of the lens) is not sent again. */
  var cameraButton = document.getElementById("checkin-camera");
  var cameraLabel = cameraButton.textContent;
  var video = document.getElementById("checkin-video");
  var stream = null;
  var lastCode = "";
  var lastAt = 0;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) cameraButton.hidden = false;
  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    cameraButton.textContent = cameraLabel;
  }
  function scanFrame() {
    if (!stream) return;
    if (video.readyState < 2) { setTimeout(scanFrame, 200); return; }
    decodeCanvas(drawToCanvas(video, video.videoWidth, video.videoHeight)).then(function (code) {
      var now = Date.now();
      if (code && (code !== lastCode || now - lastAt > 4000)) {
        lastCode = code;
        lastAt = now;
        sendCode(code);
      }
      setTimeout(scanFrame, 250);
    });
  }
  cameraButton.addEventListener("click", function () {
    if (stream) { stopCamera(); return; }
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      cameraButton.textContent = strings.stopCamera;
      video.play();
      scanFrame();
    }).catch(function () { say(strings.cameraUnavailable, true); });
  });
  window.addEventListener("pagehide", stopCamera);

  window.addEventListener("online", function () { say(strings.online); flush(); });
  window.addEventListener("offline", function () { say(strings.offline); });
  setInterval(flush, 5000);
  filter();
  try {
    var said = sessionStorage.getItem("checkin-said");
    sessionStorage.removeItem("checkin-said");
    if (said) say(said);
  } catch (e) { /* nothing to say */ }
  flush();  // whatever an earlier visit left in the queue
})();
