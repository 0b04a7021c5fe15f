//! Real message receivers for the notification tests: an SMTP server (the npm package
//! `smtp-server`, started by `end2end/mail/smtp.mjs` on 127.0.0.1 port 0) and an HTTP receiver
//! for the webhooks.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
};

use axum::{extract::State, http::HeaderMap, http::StatusCode, routing::post, Json, Router};
use serde_json::Value;
use tempfile::TempDir;

/// One email as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub raw: String,
}

impl Mail {
    /// A header's value (the first), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The body as text (quoted-printable undone where lettre used it).
    pub fn body(&self) -> String {
        let body = self.raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let quoted = self
            .header("Content-Transfer-Encoding")
            .is_some_and(|e| e.eq_ignore_ascii_case("quoted-printable"));
        if !quoted {
            return body.replace("\r\n", "\n");
        }
        let joined = body.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                    out.push(byte);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).replace("\r\n", "\n")
    }

    /// The subject, decoded when lettre encoded it (RFC 2047, UTF-8 base64 or Q).
    pub fn subject(&self) -> String {
        let subject = self.header("Subject").unwrap_or_default();
        if !subject.starts_with("=?") {
            return subject;
        }
        subject
            .split_whitespace()
            .map(|word| {
                let parts: Vec<&str> = word
                    .trim_start_matches("=?")
                    .trim_end_matches("?=")
                    .split('?')
                    .collect();
                match parts.as_slice() {
                    [_, enc, text] if enc.eq_ignore_ascii_case("b") => {
                        use base64::Engine;
                        base64::engine::general_purpose::STANDARD
                            .decode(text)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                            .unwrap_or_default()
                    }
                    [_, _, text] => text.replace('_', " "),
                    _ => word.to_owned(),
                }
            })
            .collect()
    }
}

pub struct SmtpServer {
    pub port: u16,
    out: PathBuf,
    child: Child,
    _dir: TempDir,
}

impl SmtpServer {
    /// Starts a server; `args` are its test switches (`--refuse 2`, `--stall 30`).
    pub fn start(args: &[&str]) -> SmtpServer {
        let end2end = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        assert!(
            end2end.join("node_modules/smtp-server").exists(),
            "the SMTP server package is missing: run scripts/setup.sh (npm ci in end2end/)"
        );
        let dir = TempDir::new().unwrap();
        let out = dir.path().join("mail.jsonl");
        let mut child = Command::new("node")
            .current_dir(&end2end)
            .args(["mail/smtp.mjs", "--out"])
            .arg(&out)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs end2end/mail/smtp.mjs");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout
            .read_line(&mut line)
            .expect("the server prints its port");
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        SmtpServer {
            port: line.trim().parse().expect("a port"),
            out,
            child,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every email received so far, in order.
    pub fn received(&self) -> Vec<Mail> {
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        text.lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line).unwrap();
                Mail {
                    to: v["to"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect(),
                    raw: v["raw"].as_str().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// The emails to `address`.
    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.received()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A posted webhook: its path, idempotency key and JSON body.
#[derive(Debug, Clone)]
pub struct Hook {
    pub path: String,
    pub key: Option<String>,
    pub body: Value,
}

/// An HTTP receiver for the webhooks on 127.0.0.1 port 0: `/ok/…` answers 200, `/broken/…` 500.
pub struct HookReceiver {
    pub address: String,
    pub hooks: Arc<Mutex<Vec<Hook>>>,
}

impl HookReceiver {
    pub async fn start() -> HookReceiver {
        let hooks: Arc<Mutex<Vec<Hook>>> = Arc::default();
        async fn receive(
            State(hooks): State<Arc<Mutex<Vec<Hook>>>>,
            uri: axum::http::Uri,
            headers: HeaderMap,
            Json(body): Json<Value>,
        ) -> StatusCode {
            let path = uri.path().to_owned();
            let broken = path.starts_with("/broken");
            hooks.lock().unwrap().push(Hook {
                path,
                key: headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body,
            });
            if broken {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::OK
            }
        }
        let router = Router::new()
            .route("/{*path}", post(receive))
            .with_state(hooks.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        HookReceiver { address, hooks }
    }

    pub fn received(&self, prefix: &str) -> Vec<Hook> {
        self.hooks
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.path.starts_with(prefix))
            .cloned()
            .collect()
    }
}
