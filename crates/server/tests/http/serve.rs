//! Serving on a real socket, then shutting down through the shutdown future.

use std::time::Duration;

use gongbao_server::{serve_with_shutdown, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::util::engine;

#[tokio::test]
async fn serves_one_request_and_shuts_down() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_shutdown(
        engine(),
        ServerConfig::default(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"documents\":3"), "{answer}");

    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops")
        .expect("the server task ends");
    assert!(result.is_ok(), "{result:?}");
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the socket is closed"
    );
}

#[tokio::test]
async fn binding_a_taken_address_fails() {
    let taken = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = ServerConfig {
        addr: taken.local_addr().unwrap(),
        ..ServerConfig::default()
    };
    let error = gongbao_server::serve(engine(), config).await.unwrap_err();
    assert!(error.to_string().starts_with("cannot listen on"), "{error}");
}
