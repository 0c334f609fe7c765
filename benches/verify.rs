//! `webhook::verify` beside a bare HMAC-SHA256 of the same signed content, at 1 KiB and
//! 64 KiB. The target is verify ≤ ~1.2× the bare HMAC at 1 KiB: header lookup, timestamp
//! parsing, the UTF-8 check, base64 and the comparison must stay small next to the MAC.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use webhook_tutor::webhook::{self, Headers, Secret};

const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1614265330;

fn bench_verify(c: &mut Criterion) {
    let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("valid secret");
    let mut group = c.benchmark_group("verify");
    for size in [1024usize, 64 * 1024] {
        let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
        let headers = Headers::new()
            .with("content-type", "application/json")
            .with("user-agent", "Svix-Webhooks/1.0")
            .with("svix-id", ID)
            .with("svix-timestamp", TS.to_string())
            .with("svix-signature", webhook::sign(&secret, ID, TS, &body));
        let content = format!("{ID}.{TS}.")
            .into_bytes()
            .into_iter()
            .chain(body.iter().copied())
            .collect::<Vec<u8>>();
        group.throughput(Throughput::Bytes(size as u64));

        group.bench_with_input(
            BenchmarkId::new("webhook::verify", size),
            &body,
            |b, body| {
                b.iter(|| {
                    webhook::verify(black_box(&secret), black_box(&headers), black_box(body), TS)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("bare_hmac_sha256", size),
            &content,
            |b, content| {
                b.iter(|| {
                    let mut mac = Hmac::<Sha256>::new_from_slice(black_box(secret.as_bytes()))
                        .expect("HMAC accepts keys of any length");
                    mac.update(black_box(content));
                    mac.finalize().into_bytes()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
