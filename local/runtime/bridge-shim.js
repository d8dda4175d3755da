/*
 * Custom UI bridge of the local runtime. @forge/bridge calls `window.__bridge.callBridge(name, payload)`;
 * this answers those calls in the page: `invoke` goes to the local server's POST /__forge/invoke, and
 * `getContext` answers the module context that the server put in `window.__FORGE_LOCAL__`.
 * Loaded as a classic script before the app bundle, because @forge/bridge looks the bridge up on load.
 */
(function () {
  'use strict';
  var config = window.__FORGE_LOCAL__ || {};
  var context = config.context || {};
  var moduleKey = config.moduleKey;

  function themeAttributes() {
    var root = document.documentElement;
    var mode = (context.theme && context.theme.colorMode) || 'light';
    root.setAttribute('data-color-mode', mode);
    root.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
    if (!document.getElementById('forge-local-theme')) {
      var link = document.createElement('link');
      link.id = 'forge-local-theme';
      link.rel = 'stylesheet';
      link.href = '/__forge/theme.css';
      document.head.appendChild(link);
    }
  }

  function invoke(payload) {
    return fetch('/__forge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        moduleKey: moduleKey,
        functionKey: payload && payload.functionKey,
        payload: payload && payload.payload,
        context: context,
      }),
    })
      .then(function (res) {
        return res.json().catch(function () {
          return { ok: false, error: { message: 'The local server answered ' + res.status } };
        });
      })
      .then(function (answer) {
        if (!answer || !answer.ok) {
          var message = (answer && answer.error && answer.error.message) || 'unknown error';
          throw new Error('There was an error invoking the function - ' + message);
        }
        return payload && payload.metadata ? { body: answer.result, metadata: {} } : answer.result;
      });
  }

  function fetchProduct(payload) {
    return fetch('/__forge/fetch-product', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: payload.product, restPath: payload.restPath, init: payload.fetchRequestInit, context: context }),
    }).then(function (res) {
      return res.json();
    });
  }

  function urlFor(location) {
    if (!location) return undefined;
    if (location.url) return location.url;
    if (location.target === 'issue' && location.issueKey) return '/issue-panel/?issueKey=' + encodeURIComponent(location.issueKey);
    if (location.target === 'module' || location.target === 'adminPage') return '/admin/';
    return context.siteUrl || '/';
  }

  var flagsBox;
  function showFlag(options) {
    if (!flagsBox) {
      flagsBox = document.createElement('div');
      flagsBox.style.cssText = 'position:fixed;bottom:16px;left:16px;z-index:9999;display:flex;flex-direction:column;gap:8px;font:14px sans-serif';
      document.body.appendChild(flagsBox);
    }
    var colors = { success: '#1f845a', error: '#c9372c', warning: '#e2b203', info: '#0c66e4' };
    var flag = document.createElement('div');
    flag.setAttribute('role', 'alert');
    flag.dataset.flagId = options.id;
    flag.style.cssText = 'background:#fff;color:#172b4d;border-left:4px solid ' + (colors[options.type] || colors.info) +
      ';box-shadow:0 4px 8px rgba(9,30,66,.25);padding:8px 12px;max-width:360px;border-radius:3px';
    flag.innerHTML = '<strong></strong><div></div>';
    flag.firstChild.textContent = options.title || '';
    flag.lastChild.textContent = options.description || '';
    flagsBox.appendChild(flag);
    if (options.isAutoDismiss !== false) setTimeout(function () { flag.remove(); }, 8000);
    return Promise.resolve();
  }

  var historyListeners = [];
  var handlers = {
    invoke: invoke,
    getContext: function () { return Promise.resolve(JSON.parse(JSON.stringify(context))); },
    enableTheming: function () { themeAttributes(); return Promise.resolve(); },
    showFlag: showFlag,
    closeFlag: function (p) {
      var el = flagsBox && flagsBox.querySelector('[data-flag-id="' + (p && p.id) + '"]');
      if (el) el.remove();
      return Promise.resolve();
    },
    reload: function () { window.location.reload(); return Promise.resolve(); },
    refresh: function () { window.location.reload(); return Promise.resolve(true); },
    navigate: function (p) {
      var url = urlFor(p);
      if (p && p.type === 'new-tab') window.open(url, '_blank'); else window.location.assign(url);
      return Promise.resolve();
    },
    getUrl: function (p) { return Promise.resolve(new URL(urlFor(p), window.location.href).toString()); },
    fetchProduct: fetchProduct,
    createHistory: function () {
      var h = {
        location: { pathname: '/', search: '', hash: '', state: undefined },
        action: 'POP',
        listen: function (fn) { historyListeners.push(fn); return function () { historyListeners = historyListeners.filter(function (f) { return f !== fn; }); }; },
        push: function (to, state) { h.location = { pathname: String(to), search: '', hash: '', state: state }; historyListeners.forEach(function (f) { f(h.location, 'PUSH'); }); },
        replace: function (to, state) { h.location = { pathname: String(to), search: '', hash: '', state: state }; historyListeners.forEach(function (f) { f(h.location, 'REPLACE'); }); },
        go: function () {}, goBack: function () {}, goForward: function () {},
      };
      return Promise.resolve(h);
    },
    resize: function () { return Promise.resolve(); },
    emitReadyEvent: function () { return Promise.resolve(); },
    changeWindowTitle: function (p) { if (p && p.title) document.title = p.title; return Promise.resolve(); },
    getFrameId: function () { return Promise.resolve('local-frame'); },
    on: function () { return Promise.resolve({ unsubscribe: function () {} }); },
    emit: function () { return Promise.resolve(); },
    initFeatureFlags: function () { return Promise.resolve({}); },
    close: function () { return Promise.resolve(); },
    submit: function () { return Promise.resolve(); },
  };

  window.__bridge = {
    callBridge: function (name, payload) {
      var handler = handlers[name];
      if (!handler) {
        console.warn('[forge-local] bridge call "' + name + '" is not simulated; answering undefined');
        return Promise.resolve(undefined);
      }
      try {
        return handler(payload);
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
})();
