//! The optional SMTP relay, against a small SMTP server run by the test.

use std::time::Duration;

use mock_server::relay::SmtpRelay;
use mock_server::{app, AppState, Clock, Store};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::client::{frozen, Client};

/// What the fake server received: envelope recipients and the message.
#[derive(Debug)]
struct Received {
    recipients: Vec<String>,
    data: String,
}

/// A minimal SMTP server on loopback that accepts every message once.
async fn smtp_server() -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::channel(8);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write
                    .write_all(b"220 test.example ESMTP\r\n")
                    .await
                    .unwrap();
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        write
                            .write_all(b"250-test.example\r\n250 8BITMIME\r\n")
                            .await
                            .unwrap();
                    } else if upper.starts_with("MAIL FROM") {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    } else if upper.starts_with("RCPT TO") {
                        recipients.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    } else if upper == "DATA" {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(&line);
                            data.push('\n');
                        }
                        write
                            .write_all(b"250 2.0.0 queued as T1\r\n")
                            .await
                            .unwrap();
                        let recipients = std::mem::take(&mut recipients);
                        let _ = sender.send(Received { recipients, data }).await;
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (port, receiver)
}

fn client_with_relay(url: &str) -> Client {
    let store = Store::open_in_memory().unwrap();
    let state =
        AppState::new(store, Clock::Frozen(frozen())).with_relay(SmtpRelay::from_url(url).unwrap());
    Client::new(&app(state, None), "relay")
}

async fn relay_of(client: &Client, id: u64) -> serde_json::Value {
    for _ in 0..100 {
        let detail = client.get(&format!("/api/outbox/{id}")).await.ok();
        if !detail["summary"]["relay"].is_null() {
            return detail["summary"]["relay"].clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the relay outcome was never recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_are_also_delivered_to_the_relay() {
    let (port, mut received) = smtp_server().await;
    let client = client_with_relay(&format!("smtp://127.0.0.1:{port}"));
    client.sign_in("account-admin").await;
    client.opt_in("sub-production").await.ok();
    client
        .add_recipient("sub-production", "finance@tulipworks.example")
        .await
        .ok();
    client.post("/api/billing-cycle", json!({})).await.ok();

    // The two deliveries run concurrently: tell them apart by content, not order.
    let mut both = Vec::new();
    for _ in 0..2 {
        both.push(
            tokio::time::timeout(Duration::from_secs(10), received.recv())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    both.sort_by_key(|r| r.data.contains("application/pdf"));
    let (confirmation, invoice) = (&both[0], &both[1]);
    assert_eq!(confirmation.recipients, ["noor.jansen@tulipworks.example"]);
    assert_eq!(
        invoice.recipients,
        [
            "noor.jansen@tulipworks.example",
            "finance@tulipworks.example"
        ]
    );
    assert!(
        invoice.data.contains("Subject: Invoice E0"),
        "{}",
        invoice.data
    );
    assert!(invoice.data.contains("application/pdf"));

    let outcome = relay_of(&client, 2).await;
    assert_eq!(outcome["delivered"], true);
    assert!(
        outcome["detail"].as_str().unwrap().contains("250"),
        "{outcome}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_relay_is_recorded_and_the_message_kept() {
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = client_with_relay(&format!("smtp://127.0.0.1:{port}"));
    client.sign_in("account-admin").await;
    client.opt_in("sub-production").await.ok();
    let outcome = relay_of(&client, 1).await;
    assert_eq!(outcome["delivered"], false);
    assert!(
        outcome["detail"].as_str().unwrap().contains("failed"),
        "{outcome}"
    );
    assert_eq!(
        client.get("/api/outbox").await.ok()["total"],
        1,
        "the message is kept"
    );
}

#[test]
fn relay_urls_are_checked() {
    assert!(SmtpRelay::from_url("smtp://127.0.0.1:1025").is_ok());
    assert!(SmtpRelay::from_url("smtp://mail.example").is_ok());
    for bad in [
        "http://x:25",
        "smtp://:25",
        "smtp://host:port",
        "127.0.0.1:25",
    ] {
        assert!(SmtpRelay::from_url(bad).is_err(), "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_cut_short_by_a_restart_are_made_at_the_next_start() {
    let store = Store::open_in_memory().unwrap();
    // The first run: one message marked as waiting for the relay (the server
    // stopped before delivering it), one made with no relay configured.
    let before = AppState::new(store.clone(), Clock::Frozen(frozen()));
    let client = Client::new(&app(before.clone(), None), "restart");
    client.sign_in("account-admin").await;
    client.opt_in("sub-production").await.ok();
    client.opt_in("sub-development").await.ok();
    // An invoice email too: its scope, invoice number and PDF come back.
    client.post("/api/billing-cycle", json!({})).await.ok();
    before
        .run(mock_server::sandbox::SandboxId("restart".into()), |ctx| {
            mock_server::outbox::mark_relay_pending(ctx, 2)?;
            mock_server::outbox::mark_relay_pending(ctx, 3)
        })
        .await
        .unwrap();

    // The next start, with the relay.
    let (port, mut received) = smtp_server().await;
    let after = AppState::new(store, Clock::Frozen(frozen()))
        .with_relay(SmtpRelay::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap());
    after.spawn_relay_catch_up();
    let delivered = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .expect("the pending message is delivered")
        .unwrap();
    assert!(
        delivered.data.contains("Tulipworks Development"),
        "message 2 (the development subscription's confirmation): {}",
        delivered.data
    );
    let invoice = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .expect("the pending invoice email is delivered")
        .unwrap();
    assert!(invoice.data.contains("application/pdf"), "{}", invoice.data);
    let client = Client::new(&app(after, None), "restart");
    assert_eq!(relay_of(&client, 2).await["delivered"], true);
    assert_eq!(relay_of(&client, 3).await["delivered"], true);
    // Message 1 was never meant for a relay: it is not sent.
    assert!(
        tokio::time::timeout(Duration::from_millis(500), received.recv())
            .await
            .is_err(),
        "a message made without a relay was delivered"
    );
    assert!(client.get("/api/outbox/1").await.ok()["summary"]["relay"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_does_not_stop_its_messages_from_going_out() {
    let store = Store::open_in_memory().unwrap();
    let state = AppState::new(store, Clock::Frozen(frozen()));
    let router = app(state.clone(), None);
    let client = Client::new(&router, "leaver");
    client.sign_in("account-admin").await;
    let mut events = state.events.subscribe();

    // Hold the database for a while, so the opt-in waits for it...
    let blocker = tokio::spawn({
        let store = state.store.clone();
        async move {
            store
                .transact_global(|_| {
                    std::thread::sleep(Duration::from_millis(1500));
                    Ok(())
                })
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let request = tokio::spawn(async move { client.opt_in("sub-production").await });
    // ... and let the client give up while it waits.
    tokio::time::sleep(Duration::from_millis(700)).await;
    request.abort();
    blocker.await.unwrap().unwrap();

    let event = tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("the committed opt-in's confirmation is published")
        .unwrap();
    assert_eq!(event.sandbox, "leaver");
    let mock_server::state::OutboxChange::New(message) = event.change else {
        panic!("expected a new message, got {:?}", event.change);
    };
    assert_eq!(message.id, 1);
}
