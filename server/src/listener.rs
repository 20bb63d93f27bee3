//! Accepting client connections with limits, so that slow or idle clients cannot take a node's
//! sockets from its readers: a client has `header_timeout` to send a request's headers (hyper's
//! timer, which also runs while a kept-alive connection waits for its next request), a connection
//! on which nothing moves for `keep_alive` is closed, and at most `max` connections are served
//! at once (the next ones wait in the listen queue instead of failing with "too many open files").

use atrium_core::config::Connections;
use axum::{
    extract::ConnectInfo,
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Json, Router,
};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::conn::auto,
    service::TowerToHyperService,
};
use std::{
    future::Future,
    net::SocketAddr,
    pin::Pin,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, RwLock,
    },
    task::{Context, Poll},
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{watch, Semaphore},
};
use tower::ServiceExt;

/// How long requests in flight get to finish once the node is asked to stop.
const DRAIN: Duration = Duration::from_secs(30);

/// The router requests go to, which can be replaced while the node serves: a node listens at
/// once with [`starting`] and swaps in the help centre when its content is loaded.
#[derive(Clone)]
pub struct Current(Arc<RwLock<Router>>);

impl Current {
    pub fn new(router: Router) -> Self {
        Current(Arc::new(RwLock::new(router)))
    }

    pub fn set(&self, router: Router) {
        *self.0.write().expect("router lock") = router;
    }

    fn get(&self) -> Router {
        self.0.read().expect("router lock").clone()
    }
}

/// What a node answers while it loads: alive (`/healthz` 200), not ready (`/readyz` 503), and
/// for everything else a 503 asking to come back in a few seconds.
pub fn starting() -> Router {
    let not_yet = || async {
        (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], "The help centre is starting; try again in a few seconds.\n").into_response()
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(|| async { (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "content": "loading" }))) }))
        .fallback(not_yet)
}

/// Serves the current router on `listener` until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve(listener: TcpListener, app: Current, limits: Connections, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(limits.max));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(limits.header_timeout_secs));
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    let keep_alive = Duration::from_secs(limits.keep_alive_secs);
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or memory: wait for connections to end rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let current = app.clone();
        let app = tower::service_fn(move |req: http::Request<hyper::body::Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            current.get().oneshot(req)
        });
        let (builder, mut stopping) = (builder.clone(), stopping.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let activity = Activity::new();
            let io = TokioIo::new(Watched { stream, activity: activity.clone() });
            let conn = builder.serve_connection_with_upgrades(io, TowerToHyperService::new(app));
            tokio::pin!(conn);
            let mut closing = false;
            let tick = (keep_alive / 4).clamp(Duration::from_millis(100), Duration::from_secs(1));
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = stopping.changed(), if !closing => {
                        conn.as_mut().graceful_shutdown();
                        closing = true;
                    }
                    () = tokio::time::sleep(tick) => {
                        let idle = activity.idle();
                        if idle >= keep_alive * 2 {
                            // Even the request in flight has moved nothing for a whole period.
                            break;
                        }
                        if idle >= keep_alive && !closing {
                            conn.as_mut().graceful_shutdown();
                            closing = true;
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a slot until it ends: all slots back means all requests done.
    let all = u32::try_from(limits.max).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN, slots.acquire_many(all)).await.is_err() {
        tracing::warn!("stopped with requests still in flight after {} s", DRAIN.as_secs());
    }
}

/// When bytes last moved on a connection, in milliseconds since it opened.
#[derive(Clone)]
struct Activity(Arc<(Instant, AtomicU64)>);

impl Activity {
    fn new() -> Self {
        Activity(Arc::new((Instant::now(), AtomicU64::new(0))))
    }

    fn touch(&self) {
        let ms = self.0 .0.elapsed().as_millis() as u64;
        self.0 .1.store(ms, Ordering::Relaxed);
    }

    fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.0 .1.load(Ordering::Relaxed));
        self.0 .0.elapsed().saturating_sub(last)
    }
}

/// A TCP stream that notes each read or write that moved bytes.
struct Watched {
    stream: TcpStream,
    activity: Activity,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
