// Inside an Agenda Lampung embed (a page another site frames): tells the
// page around it how tall the content is, for embed-resize.js there. Only a
// number leaves the frame, so any parent may read it ("*").
(function () {
  "use strict";
  if (window.parent === window) return;
  var sent = 0;
  function send() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (!height || height === sent) return;
    sent = height;
    window.parent.postMessage({ type: "agenda-lampung:height", height: height }, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.body);
  window.addEventListener("load", send);
  send();
})();
