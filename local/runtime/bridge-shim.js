/*
 * Custom UI bridge of the local runtime. @forge/bridge calls `window.__bridge.callBridge(name, payload)`;
 * this answers those calls in the page: `invoke` goes to the local server's POST /__forge/invoke,
 * `getContext` answers the module context that the server put in `window.__FORGE_LOCAL__`,
 * `openIssueCreateModal` (@forge/jira-bridge) shows a create dialog that creates through the simulated Jira, and
 * a dashboard gadget's `submit` saves its configuration and opens the gadget's view with it, as Jira does.
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

  /* ---- Jira's create dialog (openIssueCreateModal of @forge/jira-bridge's CreateIssueModal) ----
   * A small accessible form in the page, where Jira would show its own dialog above the app's frame: the
   * pre-filled summary and description, the issue type's required fields from the create meta the user gets, and
   * a create as the page's user through the simulated Jira's POST /rest/api/3/issue. `onClose` is called with
   * { payload: [{ issueId }] } once created, or { payload: [] } on Cancel or Escape.
   */
  function jiraRequest(method, restPath, body) {
    return fetch('/__forge/fetch-product', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        product: 'jira',
        restPath: restPath,
        init: { method: method, headers: body === undefined ? [] : [['content-type', 'application/json']], body: body === undefined ? null : JSON.stringify(body) },
        context: context,
      }),
    })
      .then(function (res) { return res.json(); })
      .then(function (answer) {
        var parsed;
        try { parsed = answer.body ? JSON.parse(answer.body) : undefined; } catch (e) { parsed = answer.body; }
        return { status: answer.status, body: parsed };
      });
  }

  function jiraErrorWords(body) {
    if (!body || typeof body !== 'object') return 'Jira did not create the issue.';
    var parts = (body.errorMessages || []).slice();
    Object.keys(body.errors || {}).forEach(function (k) { parts.push(k + ': ' + body.errors[k]); });
    return parts.length ? parts.join(' ') : 'Jira did not create the issue.';
  }

  /** An ADF document as plain lines: paragraphs and headings, table rows with " | " between cells, list items with "• ". */
  function adfLines(node, out) {
    if (!node || typeof node !== 'object') return out;
    var inline = function (n) {
      if (!n) return '';
      if (n.type === 'text') return n.text || '';
      if (n.type === 'hardBreak') return ' ';
      return (n.content || []).map(inline).join('');
    };
    if (node.type === 'paragraph' || node.type === 'heading') {
      var line = inline(node).trim();
      if (line) out.push(line);
    } else if (node.type === 'tableRow') {
      out.push((node.content || []).map(function (c) { return inline(c).trim(); }).join(' | '));
    } else if (node.type === 'listItem') {
      out.push('• ' + inline(node).trim());
    } else {
      (node.content || []).forEach(function (c) { adfLines(c, out); });
    }
    return out;
  }

  var dialogStyle;
  function addDialogStyle() {
    if (dialogStyle) return;
    dialogStyle = document.createElement('style');
    dialogStyle.textContent =
      '.fl-backdrop{position:fixed;inset:0;background:rgba(9,30,66,.54);display:flex;align-items:flex-start;justify-content:center;z-index:10000;overflow:auto;font:14px/1.43 -apple-system,"Segoe UI",Roboto,sans-serif}' +
      '.fl-dialog{background:var(--ds-surface-overlay,#fff);color:var(--ds-text,#172b4d);margin:48px 16px;padding:24px;border-radius:3px;width:min(600px,100%);box-shadow:0 8px 16px rgba(9,30,66,.25)}' +
      '.fl-dialog h2{margin:0 0 4px;font-size:20px}.fl-dialog label{display:block;font-weight:600;font-size:12px;margin:12px 0 4px}' +
      '.fl-dialog input,.fl-dialog select{width:100%;box-sizing:border-box;padding:6px 8px;font:inherit;border:2px solid var(--ds-border-input,#8590a2);border-radius:3px;background:var(--ds-background-input,#fff);color:inherit}' +
      '.fl-preview{white-space:pre-wrap;max-height:240px;overflow:auto;padding:8px;border:1px solid var(--ds-border,#dcdfe4);border-radius:3px;font-size:12px}' +
      '.fl-actions{display:flex;justify-content:flex-end;gap:8px;margin-top:16px}.fl-actions button{font:inherit;padding:6px 12px;border-radius:3px;border:0;cursor:pointer}' +
      '.fl-primary{background:var(--ds-background-brand-bold,#0c66e4);color:var(--ds-text-inverse,#fff)}.fl-secondary{background:transparent;color:inherit}' +
      '.fl-error{color:var(--ds-text-danger,#ae2e24);margin:12px 0 0}.fl-subtle{color:var(--ds-text-subtle,#44546f);margin:0}';
    document.head.appendChild(dialogStyle);
  }

  var dialogCount = 0;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The value a create request takes for a field, from the control's value and the field's schema. */
  function fieldValue(field, value) {
    var type = field.schema && field.schema.type;
    if (type === 'array') return field.allowedValues ? [{ id: value }] : [value];
    if (field.allowedValues) return { id: value };
    return value;
  }

  /** What the context pre-fills of the fields the create meta lists (summary and description aside). */
  function prefilled(meta, ctx) {
    var fields = {};
    var listed = function (id) { return meta.some(function (f) { return f.fieldId === id; }); };
    if (listed('labels') && Array.isArray(ctx.labels)) fields.labels = ctx.labels;
    ['fixVersions', 'versions', 'components'].forEach(function (id) {
      if (listed(id) && Array.isArray(ctx[id])) fields[id] = ctx[id].map(function (v) { return { id: String(v) }; });
    });
    if (listed('priority') && ctx.priority) fields.priority = { id: String(ctx.priority) };
    if (listed('environment') && ctx.environment) fields.environment = ctx.environment;
    return fields;
  }

  function showCreateDialog(meta, ctx, onClose) {
    addDialogStyle();
    var n = ++dialogCount;
    var opener = document.activeElement;
    var typeField = meta.filter(function (f) { return f.fieldId === 'issuetype'; })[0];
    var projectField = meta.filter(function (f) { return f.fieldId === 'project'; })[0];
    var typeName = (typeField && typeField.allowedValues && typeField.allowedValues[0] && typeField.allowedValues[0].name) || 'issue';
    var project = projectField && projectField.allowedValues && projectField.allowedValues[0];

    var backdrop = el('div', { class: 'fl-backdrop' });
    var dialog = el('div', { class: 'fl-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'fl-title-' + n });
    dialog.appendChild(el('h2', { id: 'fl-title-' + n }, 'Create ' + typeName));
    if (project) dialog.appendChild(el('p', { class: 'fl-subtle' }, 'In project ' + project.name + ' (' + project.key + ')'));
    var form = el('form', { novalidate: '' });
    dialog.appendChild(form);

    var summaryInput = el('input', { id: 'fl-summary-' + n, type: 'text', required: '', maxlength: '255', 'aria-required': 'true' });
    summaryInput.value = ctx.summary || '';
    form.appendChild(el('label', { for: 'fl-summary-' + n }, 'Summary (required)'));
    form.appendChild(summaryInput);

    var controls = [];
    meta.forEach(function (f) {
      if (!f.required || ['project', 'issuetype', 'summary', 'description'].indexOf(f.fieldId) >= 0) return;
      var id = 'fl-field-' + n + '-' + f.fieldId;
      form.appendChild(el('label', { for: id }, f.name + ' (required)'));
      var control;
      if (f.allowedValues) {
        control = el('select', { id: id, required: '', 'aria-required': 'true' });
        f.allowedValues.forEach(function (v) {
          var option = el('option', { value: v.id }, v.name || v.value || v.id);
          control.appendChild(option);
        });
        var preset = ctx[f.fieldId] || (f.defaultValue && f.defaultValue.id);
        if (preset) control.value = String(preset);
      } else {
        control = el('input', { id: id, type: 'text', required: '', 'aria-required': 'true' });
        if (typeof ctx[f.fieldId] === 'string') control.value = ctx[f.fieldId];
      }
      form.appendChild(control);
      controls.push({ field: f, control: control });
    });

    var describes = meta.some(function (f) { return f.fieldId === 'description'; }) && ctx.description;
    if (describes) {
      form.appendChild(el('label', { id: 'fl-desc-label-' + n }, 'Description'));
      form.appendChild(el('div', { class: 'fl-preview', role: 'region', tabindex: '0', 'aria-labelledby': 'fl-desc-label-' + n }, adfLines(ctx.description, []).join('\n')));
    }
    var error = el('p', { class: 'fl-error', role: 'alert' });
    form.appendChild(error);
    var actions = el('div', { class: 'fl-actions' });
    var create = el('button', { type: 'submit', class: 'fl-primary' }, 'Create');
    var cancel = el('button', { type: 'button', class: 'fl-secondary' }, 'Cancel');
    actions.appendChild(create);
    actions.appendChild(cancel);
    form.appendChild(actions);
    backdrop.appendChild(dialog);
    document.body.appendChild(backdrop);
    summaryInput.focus();

    var closed = false;
    function close(payload) {
      if (closed) return;
      closed = true;
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      if (opener && typeof opener.focus === 'function') opener.focus();
      onClose({ payload: payload });
    }
    function onKey(e) {
      if (e.key === 'Escape') { e.preventDefault(); close([]); return; }
      if (e.key !== 'Tab') return;
      var focusable = Array.prototype.filter.call(dialog.querySelectorAll('input,select,button,[tabindex="0"]'), function (x) { return !x.disabled; });
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    }
    document.addEventListener('keydown', onKey, true);
    cancel.addEventListener('click', function () { close([]); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var summary = summaryInput.value.trim();
      if (!summary) { error.textContent = 'Enter a summary.'; summaryInput.setAttribute('aria-invalid', 'true'); summaryInput.focus(); return; }
      var fields = prefilled(meta, ctx);
      fields.project = { id: String(ctx.projectId) };
      fields.issuetype = { id: String(ctx.issueTypeId) };
      fields.summary = summary;
      if (describes) fields.description = ctx.description;
      controls.forEach(function (c) { fields[c.field.fieldId] = fieldValue(c.field, c.control.value); });
      create.disabled = true;
      error.textContent = '';
      jiraRequest('POST', '/rest/api/3/issue', { fields: fields })
        .then(function (res) {
          if (res.status === 201 && res.body && res.body.id) close([{ issueId: String(res.body.id) }]);
          else { error.textContent = jiraErrorWords(res.body); create.disabled = false; }
        })
        .catch(function (err) { error.textContent = 'Jira could not be reached: ' + err.message; create.disabled = false; });
    });
  }

  function openIssueCreateModal(payload) {
    var data = (payload && payload.data) || {};
    var ctx = data.context || {};
    var onClose = typeof data.onClose === 'function' ? data.onClose : function () {};
    if (!ctx.projectId || !ctx.issueTypeId) return Promise.resolve(false);
    var path = '/rest/api/3/issue/createmeta/' + encodeURIComponent(ctx.projectId) + '/issuetypes/' + encodeURIComponent(ctx.issueTypeId) + '?maxResults=200';
    return jiraRequest('GET', path).then(function (res) {
      if (res.status !== 200 || !res.body || !Array.isArray(res.body.fields)) return false;
      showCreateDialog(res.body.fields, ctx, onClose);
      return true;
    }, function () { return false; });
  }

  /* A gadget's edit mode saves its configuration with view.submit: the server keeps it for this gadget, and the
   * gadget opens in its view with it (the URL without edit mode, nor a configuration of its own). Anything else
   * is not submittable: @forge/bridge turns `false` into its BridgeAPIError. */
  function submitGadgetConfiguration(payload) {
    var gadget = context.extension && context.extension.gadget;
    if (!gadget || context.extension.type !== 'jira:dashboardGadget') return Promise.resolve(false);
    return fetch('/__forge/gadget-config', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: moduleKey, gadgetId: gadget.id, configuration: payload === undefined ? {} : payload }),
    })
      .then(function (res) { return res.json(); })
      .then(function (answer) {
        if (!answer || !answer.ok) throw new Error((answer && answer.error && answer.error.message) || 'The gadget configuration was not saved.');
        var url = new URL(window.location.href);
        ['edit', 'project', 'version', 'environment'].forEach(function (k) { url.searchParams.delete(k); });
        url.searchParams.set('gadget', gadget.id);
        window.location.assign(url.toString());
        return true;
      });
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
    openIssueCreateModal: openIssueCreateModal,
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
    submit: submitGadgetConfiguration,
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
