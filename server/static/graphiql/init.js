/*
 * mulu — GraphiQL bootstrap.
 *
 * Served from our own server like every other asset on the page (the platform
 * runs on the government extranet with no internet), and kept out of the HTML
 * so the page can send a strict Content-Security-Policy (script-src 'self').
 *
 * The page passes its settings in <script type="application/json"
 * id="mulu-graphiql-config">: endpoint, defaultQuery, defaultHeaders, logo.
 * The editors' contents (query tabs, variables, headers) are kept by GraphiQL
 * in this browser's localStorage, so a pasted token survives a reload.
 */
(function () {
  'use strict';

  var root = document.getElementById('graphiql');

  function fail(message) {
    if (root) {
      root.className = 'mulu-graphiql-error';
      root.textContent = message;
    }
  }

  if (!root) {
    return;
  }
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    fail('GraphiQL 页面资源未能加载，请刷新页面；如仍不行，请联系平台管理员。\n' +
         '(GraphiQL assets failed to load.)');
    return;
  }

  var config;
  try {
    config = JSON.parse(document.getElementById('mulu-graphiql-config').textContent);
  } catch (err) {
    fail('GraphiQL 页面配置无法读取。(GraphiQL page configuration is missing or invalid.)');
    return;
  }

  var ACCEPT = 'application/graphql-response+json, application/json';

  /*
   * The headers editor starts with a placeholder token written in Chinese.
   * Browsers refuse to send a header value with characters outside
   * ISO-8859-1, which would make every request (the schema introspection
   * too) fail before it leaves the browser. Skip such values and anything
   * still looking like a <placeholder>; the server then answers as for an
   * anonymous caller, which the response shows.
   */
  function sendable(name, value) {
    if (typeof value !== 'string' || value.trim() === '') {
      return false;
    }
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return false;
    }
    if (/[^\x20-\x7e\t]/.test(value) || /<[^>]*>/.test(value)) {
      return false;
    }
    return true;
  }

  function fetcher(graphQLParams, opts) {
    var headers = {
      'Content-Type': 'application/json',
      'Accept': ACCEPT
    };
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (name) {
      var value = extra[name] == null ? '' : String(extra[name]);
      if (sendable(name, value)) {
        headers[name] = value;
      }
    });
    return fetch(config.endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(graphQLParams),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (err) {
          return {
            errors: [{
              message: '服务器返回了非 JSON 内容（HTTP ' + response.status + '）。' +
                       '(The server answered HTTP ' + response.status + ' with a body that is not JSON.)',
              extensions: { body: text.slice(0, 2000) }
            }]
          };
        }
      });
    });
  }

  var plugins = [];
  if (window.GraphiQLPluginExplorer && window.GraphiQLPluginExplorer.explorerPlugin) {
    plugins.push(window.GraphiQLPluginExplorer.explorerPlugin());
  }

  var h = window.React.createElement;
  var children = [];
  if (config.logo && window.GraphiQL.Logo) {
    children.push(h(window.GraphiQL.Logo, { key: 'logo' }, config.logo));
  }

  root.className = 'graphiql-container';
  root.textContent = '';
  window.ReactDOM.createRoot(root).render(
    h(window.GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
      plugins: plugins
    }, children)
  );
})();
