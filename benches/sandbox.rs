//! One keystroke in the sandbox on a 64 KiB body: the edit applied to the inputs, then the
//! sender and receiver views recomputed (HMACs, verification trace, JSON check) — the pure
//! core alone, and the whole screen update (editor, trace, cached panel lines). And the
//! sync lab: one step of a simulation (five strategies on in-memory SQLite, then every
//! table read back), and a whole scenario from a fresh database to its end.
//!
//! Pastes: 100 KB pasted into the body, as a bracketed paste (one event) and as keys typed
//! faster than frames (gathered into one edit by `TypedRun`, as the main loop does), next
//! to the unbatched key-by-key path that every paste took before (4 and 16 KiB: it grows
//! with the square of the paste, 100 KB took about 40 s).

use std::hint::black_box;

use criterion::BatchSize;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use webhook_tutor::samples;
use webhook_tutor::sandbox::{Inputs, Scenario, Trace};
use webhook_tutor::tui::action::Action;
use webhook_tutor::tui::paste::TypedRun;
use webhook_tutor::tui::sandbox::{Field, SandboxAction, SandboxState};

const NOW: i64 = 1_764_321_600;

/// A JSON array of samples, at least 64 KiB.
fn big_payload() -> String {
    let mut items = Vec::new();
    let mut len = 2;
    for sample in samples::ALL.iter().cycle() {
        if len >= 64 * 1024 {
            break;
        }
        len += sample.body.len() + 2;
        items.push(sample.body);
    }
    format!("[{}]", items.join(",\n"))
}

fn fixed_now() -> i64 {
    NOW
}

fn bench_keystroke(c: &mut Criterion) {
    let payload = big_payload();
    let mut group = c.benchmark_group("sandbox_keystroke_64k");

    let mut inputs = Inputs::demo(&payload);
    let mut toggle = false;
    group.bench_function("core: edit + Trace::compute (valid)", |b| {
        b.iter(|| {
            // Alternate so the body keeps its size.
            if toggle {
                inputs.payload.pop();
            } else {
                inputs.payload.push(' ');
            }
            toggle = !toggle;
            black_box(Trace::compute(&inputs, Scenario::Valid, NOW))
        })
    });
    group.bench_function("core: edit + Trace::compute (reserialized)", |b| {
        b.iter(|| {
            if toggle {
                inputs.payload.pop();
            } else {
                inputs.payload.push(' ');
            }
            toggle = !toggle;
            black_box(Trace::compute(&inputs, Scenario::Reserialized, NOW))
        })
    });

    let sample = samples::ALL.first().expect("samples are embedded");
    let mut state = SandboxState::with_clock(Scenario::Valid, sample, true, fixed_now);
    state.inputs.payload = payload.clone();
    state.field = Field::Payload;
    state.update(&SandboxAction::Edit);
    let key = |code| SandboxAction::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let (typed, erased) = (key(KeyCode::Char('x')), key(KeyCode::Backspace));
    group.bench_function("screen: type + erase (2 keystrokes)", |b| {
        b.iter(|| {
            black_box(state.update(&typed));
            black_box(state.update(&erased));
        })
    });
    group.finish();
}

fn editing_body() -> SandboxState {
    let sample = samples::ALL.first().expect("samples are embedded");
    let mut state = SandboxState::with_clock(Scenario::Valid, sample, true, fixed_now);
    state.field = Field::Payload;
    state.update(&SandboxAction::Edit);
    state
}

fn bench_paste(c: &mut Criterion) {
    let mut group = c.benchmark_group("sandbox_paste_100k");
    let text = big_payload()
        .repeat(2)
        .chars()
        .take(100_000)
        .collect::<String>();
    group.bench_function("bracketed paste (one event)", |b| {
        b.iter_batched(
            editing_body,
            |mut state| black_box(state.paste(&text)),
            BatchSize::SmallInput,
        )
    });
    let keys: Vec<Action> = text
        .chars()
        .map(|ch| {
            Action::Sandbox(SandboxAction::Key(KeyEvent::new(
                KeyCode::Char(ch),
                KeyModifiers::NONE,
            )))
        })
        .collect();
    group.bench_function("typed keys, gathered into one edit", |b| {
        b.iter_batched(
            editing_body,
            |mut state| {
                let mut run = TypedRun::default();
                for key in &keys {
                    run.absorb(key);
                }
                if let Some(Action::Paste(text)) = run.take() {
                    black_box(state.paste(&text));
                }
                state
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// A paste typed key by key, as a terminal without bracketed paste delivers it, each key
/// applied on its own (no longer what the main loop does): each key re-signs the whole
/// body, so the cost grows with the square of the paste.
fn bench_typed_paste(c: &mut Criterion) {
    let mut group = c.benchmark_group("sandbox_typed_paste");
    group.sample_size(10);
    let sample = samples::ALL.first().expect("samples are embedded");
    for kib in [4usize, 16] {
        let text = "x".repeat(kib * 1024);
        group.bench_function(format!("{kib} KiB key by key"), |b| {
            b.iter(|| {
                let mut state = SandboxState::with_clock(Scenario::Valid, sample, true, fixed_now);
                state.field = Field::Payload;
                state.update(&SandboxAction::Edit);
                for ch in text.chars() {
                    let key = KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE);
                    state.update(&SandboxAction::Key(key));
                }
                black_box(state.inputs.payload.len())
            })
        });
    }
    group.finish();
}

/// One step: the heaviest scenario's busiest instant (duplicates, four strategies and
/// their retries), from a simulation stepped just before it; and whole scenarios.
fn bench_sync(c: &mut Criterion) {
    use webhook_tutor::sync::{Simulation, SyncScenario};
    let mut group = c.benchmark_group("sync");
    let scenario = SyncScenario::Duplicates;
    group.bench_function("one step (duplicates, second step)", |b| {
        b.iter_batched(
            || {
                let mut sim = Simulation::new(scenario, scenario.faults()).unwrap();
                sim.step().unwrap();
                sim
            },
            |mut sim| black_box(sim.step().unwrap()),
            BatchSize::SmallInput,
        );
    });
    for scenario in [SyncScenario::AdminEdit, SyncScenario::RetryStorm] {
        group.bench_function(format!("whole scenario {}", scenario.name()), |b| {
            b.iter(|| {
                let mut sim = Simulation::new(scenario, scenario.faults()).unwrap();
                sim.run_to_end().unwrap();
                black_box(sim.journal.len())
            });
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_keystroke,
    bench_paste,
    bench_typed_paste,
    bench_sync
);
criterion_main!(benches);
