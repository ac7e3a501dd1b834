//! The HTTP side of `meetdeck watch`: serves the current deck from memory and pushes its
//! state to the browsers as Server-Sent Events.
//!
//! Only the pages of the current [`Site`] answer — `/` for one note; the index at `/` and
//! each deck at its path for a folder — and [`EVENTS_PATH`], the event stream. Every other
//! path, `..` paths included, is a 404: a request path is only ever a key into the site's
//! map, so no file is ever read from disk here. The site is whatever the watch loop last
//! published in a [`tokio::sync::watch`] channel.
//!
//! Why axum: it is well kept, built on hyper and tokio (which the SSE push needs anyway), and
//! its router matches paths literally, so `/../x` can never reach a file. Why a `watch`
//! channel rather than a `broadcast` one: every message is the *whole* current state (build
//! id, error, changed line, the deck's slides: [`LivePage`]), so a client only ever needs the
//! latest; a `watch` channel holds
//! exactly one value, never blocks the publisher and cannot lag, so a slow or idle client
//! costs one parked task and nothing else.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;

/// The path of the event stream the browser client listens to.
pub const EVENTS_PATH: &str = "/__meetdeck/events";

/// How long a browser waits before reconnecting to a server that went away (SSE `retry`).
const RECONNECT_AFTER: Duration = Duration::from_millis(300);

/// How many ports above the asked one are tried when it is busy.
const PORT_TRIES: u16 = 50;

/// What the server shows: the last good deck and, if the latest build failed, its error.
#[derive(Debug, Clone)]
pub struct DeckState {
    /// The build id written into `html` (the browser compares it to know it is stale).
    pub build: String,
    /// The page served at `/`: the last good deck (or an error page before the first one).
    pub html: Bytes,
    /// The latest build's error (`file:line: message`), shown over the last good deck.
    pub error: Option<String>,
    /// The first note line the latest rebuild changed (the client goes to its slide).
    pub line: Option<usize>,
    /// What the client patches the page with in place; `None` for a page without slides
    /// (the index, the page before the first good build), which reloads.
    pub live: Option<Arc<LivePage>>,
}

/// A deck as the live client patches it in place (`themes/runtime/livereload.js`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LivePage {
    /// What the theme's template put into `<body>`: the slides, as rendered (before the
    /// runtime fits them).
    pub body: String,
    /// A hash of the rest of the page (theme, runtime, their styles; not the title nor the
    /// build id): when it differs from the page's, the client reloads instead.
    pub shell: String,
    /// The page's `<title>`, as written in the HTML.
    pub title: String,
}

/// Every page the server shows, by the URL path it answers (percent-decoded, starting with
/// `/`): `/` alone for one note; for a folder, the index at `/` and each deck at its path
/// relative to the folder (`/2023/a b.html`).
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub pages: BTreeMap<String, Arc<DeckState>>,
}

impl Site {
    /// The site of one note: its deck at `/`.
    pub fn single(deck: Arc<DeckState>) -> Site {
        Site {
            pages: BTreeMap::from([("/".to_string(), deck)]),
        }
    }

    /// The page a request path names, if any.
    pub fn page(&self, request_path: &str) -> Option<&DeckState> {
        self.pages.get(&page_key(request_path)?).map(|page| &**page)
    }
}

/// The [`Site::pages`] key of a request path: percent-decoded (the index links to
/// `/2023/a%20b.html`). `None` when it does not decode.
pub fn page_key(request_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(request_path)
        .decode_utf8()
        .ok()?;
    Some(decoded.into_owned())
}

/// The event stream's URL for the page at `key` (what the injected client listens to).
pub fn events_url(key: &str) -> String {
    if key == "/" {
        return EVENTS_PATH.to_string();
    }
    let encoded = percent_encoding::utf8_percent_encode(key, percent_encoding::NON_ALPHANUMERIC);
    format!("{EVENTS_PATH}?page={encoded}")
}

/// The page an event-stream request is about: its `page=` query parameter, else `/`.
fn events_page(query: Option<&str>) -> Option<String> {
    let Some(query) = query else {
        return Some("/".to_string());
    };
    for pair in query.split('&') {
        if let Some(value) = pair.strip_prefix("page=") {
            return page_key(value);
        }
    }
    Some("/".to_string())
}

impl DeckState {
    /// The state as the JSON the client reads from each event.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "build": self.build,
            "error": self.error,
            "line": self.line,
            "live": self.live.as_deref(),
        })
        .to_string()
    }
}

/// Resolves `--host`: an IP address (`::1` or `[::1]`), `localhost`, or a name to look up.
pub fn resolve_host(host: &str) -> io::Result<IpAddr> {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(ip);
    }
    if bare.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    (bare, 0)
        .to_socket_addrs()?
        .next()
        .map(|addr| addr.ip())
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "the name has no address"))
}

/// Binds `ip:port`, or the next free port above it when it is busy (a second `watch` on
/// another note should just work). Returns the listener; its `local_addr` says which port.
pub fn bind(ip: IpAddr, port: u16) -> io::Result<TcpListener> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut tried = port;
    loop {
        match TcpListener::bind(SocketAddr::new(ip, tried)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse && tried < last => tried += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The URL to print and open for a server bound to `addr`: an unspecified address
/// (`0.0.0.0`) is reachable from this machine as loopback.
pub fn url_for(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", addr.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", addr.port()),
    }
}

/// Whether a request's `Host` header may be answered by a loopback-only server.
///
/// A web page on another site can point its own host name at 127.0.0.1 (DNS rebinding) and
/// then read whatever a local server answers; refusing any `Host` that is not a loopback
/// name or address closes that door. A request without `Host` (HTTP/1.0 tools) is local.
pub fn host_allowed(host_header: Option<&str>) -> bool {
    let Some(host) = host_header else {
        return true;
    };
    let host = host.trim();
    // Strip the port: `[::1]:8000`, `127.0.0.1:8000`, `localhost:8000`.
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.find(']') {
            Some(end) => &rest[..end],
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    if name.eq_ignore_ascii_case("localhost") || name.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[derive(Clone)]
struct App {
    state: watch::Receiver<Arc<Site>>,
    /// Turns `true` on shutdown: open event streams end so the server can stop.
    shutdown: watch::Receiver<bool>,
    /// Only loopback `Host` headers are answered (the default `--host`).
    loopback_only: bool,
}

impl App {
    fn refuses(&self, headers: &HeaderMap) -> bool {
        if !self.loopback_only {
            return false;
        }
        let host = headers.get(HOST).map(|v| v.to_str().unwrap_or("\u{0}"));
        !host_allowed(host)
    }
}

/// The router: the event stream, and every other path looked up among the site's pages.
fn router(app: App) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(app)
}

/// Serves until `shutdown` completes; then ends the event streams and waits (briefly) for
/// the connections to close.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: watch::Receiver<Arc<Site>>,
    loopback_only: bool,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let app = App {
        state,
        shutdown: stop_rx,
        loopback_only,
    };
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
    let graceful = axum::serve(listener, router(app)).with_graceful_shutdown(async move {
        shutdown.await;
        // Event streams never end by themselves: tell them to, then let hyper drain.
        let _ = stop_tx.send(true);
        let _ = closed_tx.send(());
    });
    let mut server = tokio::spawn(std::future::IntoFuture::into_future(graceful));
    tokio::select! {
        result = &mut server => return flatten(result),
        _ = closed_rx => {}
    }
    // A client in the middle of reading a big deck gets a moment (a deck of megabytes takes
    // milliseconds on loopback); then we go regardless: a half-sent request or a stuck
    // client never holds Ctrl-C up for long.
    match tokio::time::timeout(Duration::from_millis(500), &mut server).await {
        Ok(result) => flatten(result),
        Err(_) => {
            server.abort();
            Ok(())
        }
    }
}

fn flatten(result: Result<io::Result<()>, tokio::task::JoinError>) -> io::Result<()> {
    match result {
        Ok(inner) => inner,
        Err(e) if e.is_cancelled() => Ok(()),
        Err(e) => Err(io::Error::other(e.to_string())),
    }
}

async fn page(State(app): State<App>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if app.refuses(&headers) {
        return misdirected();
    }
    if method != Method::GET && method != Method::HEAD {
        return not_found().await;
    }
    // The borrow ends here: it must not be held across an await.
    let html = app
        .state
        .borrow()
        .page(uri.path())
        .map(|page| page.html.clone());
    let Some(html) = html else {
        return not_found().await;
    };
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // Every reload must get the deck of now, never a cached one.
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        html,
    )
        .into_response()
}

async fn events(State(app): State<App>, uri: Uri, headers: HeaderMap) -> Response {
    if app.refuses(&headers) {
        return misdirected();
    }
    let Some(key) = events_page(uri.query()) else {
        return not_found().await;
    };
    let App {
        state, shutdown, ..
    } = app;
    // The first event is the page's current state (so a reconnecting browser learns at once
    // whether its deck is stale); then one event each time the page's state changes (other
    // pages of a folder changing send nothing), until shutdown.
    let stream = futures_util::stream::unfold(
        (state, shutdown, None::<String>),
        move |(mut state, mut shutdown, last)| {
            let key = key.clone();
            async move {
                loop {
                    if *shutdown.borrow() {
                        return None;
                    }
                    if last.is_some() {
                        tokio::select! {
                            changed = state.changed() => changed.ok()?,
                            _ = shutdown.changed() => return None,
                        }
                    }
                    let json = match state.borrow_and_update().pages.get(&key) {
                        Some(page) => page.to_json(),
                        // The note went away (deleted or renamed): say so over its last deck.
                        None => gone_json(&key),
                    };
                    if last.as_deref() == Some(json.as_str()) {
                        continue;
                    }
                    let event = Event::default()
                        .event("state")
                        .retry(RECONNECT_AFTER)
                        .data(json.clone());
                    return Some((Ok::<_, Infallible>(event), (state, shutdown, Some(json))));
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The state sent for a page the site no longer has.
fn gone_json(key: &str) -> String {
    serde_json::json!({
        "build": null,
        "error": format!("{key}: this page's note is gone (deleted or renamed)"),
        "line": null,
        "live": null,
    })
    .to_string()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

fn misdirected() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        "meetdeck watch answers only to localhost; use --host to serve other names\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_only() {
        for ok in [
            None,
            Some("127.0.0.1:8000"),
            Some("127.0.0.1"),
            Some("127.1.2.3:80"),
            Some("localhost:8000"),
            Some("LOCALHOST"),
            Some("deck.localhost:8000"),
            Some("[::1]:8000"),
            Some("[::1]"),
        ] {
            assert!(host_allowed(ok), "{ok:?}");
        }
        for bad in [
            Some("evil.example:8000"),
            Some("evil.example"),
            Some("192.168.1.2:8000"),
            Some("[::1"),
            Some("localhost.evil.example"),
            Some(""),
        ] {
            assert!(!host_allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn urls() {
        let v4: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        assert_eq!(url_for(v4), "http://127.0.0.1:8000/");
        let any: SocketAddr = "0.0.0.0:8001".parse().unwrap();
        assert_eq!(url_for(any), "http://127.0.0.1:8001/");
        let v6: SocketAddr = "[::1]:9000".parse().unwrap();
        assert_eq!(url_for(v6), "http://[::1]:9000/");
    }

    #[test]
    fn hosts_resolve() {
        assert_eq!(
            resolve_host("localhost").unwrap(),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            resolve_host("[::1]").unwrap(),
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        );
        assert_eq!(
            resolve_host("0.0.0.0").unwrap(),
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        );
    }

    #[test]
    fn busy_port_falls_back_to_the_next() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let next = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port).unwrap();
        assert_ne!(next.local_addr().unwrap().port(), port);
    }

    #[test]
    fn request_paths_name_pages_by_their_decoded_path() {
        let page = |build: &str| {
            Arc::new(DeckState {
                build: build.into(),
                html: Bytes::new(),
                error: None,
                line: None,
                live: None,
            })
        };
        let mut site = Site::single(page("index"));
        site.pages.insert("/2023/会议 a.html".into(), page("deck"));
        assert_eq!(site.page("/").unwrap().build, "index");
        let encoded = "/2023/%E4%BC%9A%E8%AE%AE%20a.html";
        assert_eq!(site.page(encoded).unwrap().build, "deck");
        for missing in [
            "/2023/",
            "/../Cargo.toml",
            "/2023/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/2023/%ff.html",
            "/index.html",
        ] {
            assert!(site.page(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn event_urls_round_trip_to_their_page() {
        for key in ["/", "/a.html", "/2023/会议 a&b=c.html"] {
            let url = events_url(key);
            let query = url.split_once('?').map(|(_, q)| q);
            assert_eq!(events_page(query).as_deref(), Some(key), "{url}");
        }
        assert_eq!(events_url("/"), EVENTS_PATH);
        assert_eq!(events_page(Some("x=1")).as_deref(), Some("/"));
        assert_eq!(events_page(Some("page=%ff")), None);
    }

    #[test]
    fn state_json() {
        let state = DeckState {
            build: "a-1".into(),
            html: Bytes::new(),
            error: Some("n.md:3: \"bad\"".into()),
            line: Some(3),
            live: Some(Arc::new(LivePage {
                body: "<section>\"x\"</section>".into(),
                shell: "5f".into(),
                title: "T &amp; U".into(),
            })),
        };
        let v: serde_json::Value = serde_json::from_str(&state.to_json()).unwrap();
        assert_eq!(v["build"], "a-1");
        assert_eq!(v["error"], "n.md:3: \"bad\"");
        assert_eq!(v["line"], 3);
        assert_eq!(v["live"]["body"], "<section>\"x\"</section>");
        assert_eq!(v["live"]["shell"], "5f");
        assert_eq!(v["live"]["title"], "T &amp; U");
    }
}
