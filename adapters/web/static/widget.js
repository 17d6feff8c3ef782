/* Order support chat widget: one <script> tag on a shop's page opens the chat in a panel.

   <script src="https://support.shop.example/widget.js" async
           data-user-id="C-123" data-user-hash="HMAC-SHA256 hex of the id"
           data-locale="zh-CN"></script>

   data-user-id + data-user-hash (or data-token, a short-lived signed token) name the shop's
   logged-in customer; without them the visitor is anonymous and verifies before seeing an order.
   The signature travels in the panel's URL fragment, which browsers never send to a server. */
(function () {
  "use strict";
  var WORDS = /*WORDS*/{};
  var script = document.currentScript;
  if (!script || window.__orderSupportWidget) return;
  window.__orderSupportWidget = true;
  var base = new URL(script.src).origin;
  var data = script.dataset;

  function pick(wanted) {
    var tag = String(wanted || "en").replace("_", "-").toLowerCase();
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) return "zh_Hant";
    if (tag.indexOf("zh") === 0) return "zh_Hans";
    var short = tag.split("-")[0];
    return WORDS[short] ? short : "en";
  }
  var language = pick(data.locale || navigator.language);
  var words = WORDS[language] || WORDS.en || { open: "Chat", close: "Close", direction: "ltr" };
  var rtl = words.direction === "rtl";

  var style = document.createElement("style");
  style.textContent =
    ".os-launcher{position:fixed;bottom:20px;" + (rtl ? "left" : "right") + ":20px;z-index:2147483000;" +
    "display:flex;align-items:center;gap:8px;border:0;border-radius:999px;padding:12px 18px;" +
    "background:#2f6fed;color:#fff;font:600 15px/1.2 system-ui,sans-serif;cursor:pointer;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.2)}" +
    ".os-launcher svg{width:20px;height:20px}" +
    ".os-panel{position:fixed;bottom:84px;" + (rtl ? "left" : "right") + ":20px;z-index:2147483000;" +
    "width:380px;height:min(640px,calc(100vh - 110px));border:0;border-radius:16px;overflow:hidden;" +
    "box-shadow:0 12px 40px rgba(0,0,0,.25);background:#fff;display:none}" +
    ".os-panel.os-open{display:block}.os-panel iframe{width:100%;height:100%;border:0}" +
    "@media (max-width:480px){.os-panel{inset:0;width:100%;height:100%;border-radius:0}" +
    ".os-panel.os-open+.os-launcher,.os-open~.os-launcher{display:none}}";
  document.head.appendChild(style);

  var panel = document.createElement("div");
  panel.className = "os-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", words.open);
  var frame = document.createElement("iframe");
  frame.title = words.open;
  frame.setAttribute("allow", "clipboard-write");
  var fragment = new URLSearchParams();
  if (data.userId && data.userHash) { fragment.set("user_id", data.userId); fragment.set("user_hash", data.userHash); }
  if (data.token) fragment.set("token", data.token);
  fragment.set("locale", data.locale || navigator.language || "en");
  var src = base + "/?embed=1#" + fragment.toString();

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "os-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.dir = words.direction;
  var icon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M4 4h16v12H8l-4 4z");
  path.setAttribute("fill", "currentColor");
  icon.appendChild(path);
  var label = document.createElement("span");
  label.textContent = words.open;
  launcher.appendChild(icon);
  launcher.appendChild(label);

  function toggle(open) {
    if (open && !frame.src) { frame.src = src; panel.appendChild(frame); }
    panel.classList.toggle("os-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    label.textContent = open ? words.close : words.open;
  }
  launcher.addEventListener("click", function () { toggle(!panel.classList.contains("os-open")); });
  window.addEventListener("message", function (event) {
    if (event.origin === base && event.data && event.data.ordersupport === "close") toggle(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") toggle(false);
  });

  function mount() { document.body.appendChild(panel); document.body.appendChild(launcher); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
