//! The Sync page: "sync now", the running sync's progress pushed live from the server, and every
//! recorded run, newest first.

use leptos::prelude::*;

use crate::components::table_scroll::TableScroll;

use crate::{
    api::{
        list_sync_runs, load_notify_health, load_retention, load_shell_info, load_sync_progress,
        StartSync,
    },
    components::{empty_state::EmptyState, error_view::ErrorPanel, page::PageHeader},
    types::{Area, SyncOutcome, SyncProgress, SyncRequest, SyncRunSummary},
};

#[component]
pub fn SyncPage() -> impl IntoView {
    let start = ServerAction::<StartSync>::new();
    let shell = OnceResource::new(load_shell_info());
    let progress = RwSignal::new(SyncProgress::default());
    let initial = Resource::new(|| (), |_| load_sync_progress());
    // Runs are read again when a sync is asked for and when a running one ends.
    let finished = RwSignal::new(0u32);
    let runs = Resource::new(
        move || (start.version().get(), finished.get()),
        |_| list_sync_runs(),
    );
    let retention = OnceResource::new(load_retention());
    let notifications = OnceResource::new(load_notify_health());
    listen(progress, finished);
    view! {
        <PageHeader
            title="Sync"
            lead="Each run that pulled users and activity from Gong: when, how long, how many requests, and how it ended."
        />
        <section class="card" aria-labelledby="sync-now-heading">
            <h2 id="sync-now-heading">"Sync now"</h2>
            <p>
                "Syncs run on their schedule; start one now to see changes made in Gong today. A run "
                "spends part of the company's daily Gong quota and never replaces the last good report "
                "until it completes."
            </p>
            // Finance views the runs; only admins start one.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let operator = shell
                        .await
                        .ok()
                        .and_then(|info| info.viewer)
                        .is_some_and(|viewer| viewer.role.may(Area::Operate));
                    if operator {
                        view! {
                            <ActionForm action=start>
                                <crate::csrf::CsrfField/>
                                <button type="submit" class="button">"Sync now"</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! { <p class="hint">"Only an admin starts a sync."</p> }.into_any()
                    }
                })}
            </Suspense>
            {move || {
                start
                    .value()
                    .get()
                    .map(|answer| match answer {
                        Ok(SyncRequest::Started) => view! { <p role="status">"A sync has started."</p> }.into_any(),
                        Ok(SyncRequest::AlreadyRunning) => {
                            view! { <p role="status">"A sync is already running; its progress is shown below."</p> }
                                .into_any()
                        }
                        Err(error) => view! { <p role="alert" class="error">{error.to_string()}</p> }.into_any(),
                    })
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if let Ok(first) = initial.await {
                        if progress.get_untracked().run_id.is_none() {
                            progress.set(first);
                        }
                    }
                    view! { <LiveProgress progress/> }
                })}
            </Suspense>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                notifications.await.ok().map(|health| view! {
                    <crate::components::notify_health::NotifyProblems health/>
                })
            })}
        </Suspense>
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading runs…"</p> }>
                {move || Suspend::new(async move {
                    runs.await.map(|runs| view! { <RunsTable runs/> })
                })}
            </Suspense>
        </ErrorPanel>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                retention.await.ok().map(|retention| view! {
                    <p class="hint" data-testid="retention">{retention.sentence()}</p>
                })
            })}
        </Suspense>
    }
}

/// The running sync, or a line saying none is running.
#[component]
fn LiveProgress(progress: RwSignal<SyncProgress>) -> impl IntoView {
    view! {
        <div class="sync-progress" role="status" aria-live="polite" data-testid="sync-progress">
            {move || {
                let now = progress.get();
                match now.run_id {
                    None => view! { <p>"No sync is running."</p> }.into_any(),
                    Some(run_id) => {
                        let eta = now
                            .eta_seconds
                            .map(|s| format!("about {} left", human_duration(s)))
                            .unwrap_or_default();
                        view! {
                            <p>
                                <strong>{format!("Run {run_id}: {}", now.phase)}</strong>
                                {format!(
                                    " · {} of {} windows · {} requests {eta}",
                                    now.windows_done,
                                    now.windows_total,
                                    now.requests,
                                )}
                            </p>
                            <progress
                                max=now.windows_total.max(1)
                                value=now.windows_done
                                aria-label="Windows done"
                            ></progress>
                        }
                            .into_any()
                    }
                }
            }}
        </div>
    }
}

fn human_duration(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3599 => format!("{} min", seconds.div_ceil(60)),
        _ => format!("{:.1} h", seconds as f64 / 3600.0),
    }
}

/// In the browser, follows `/sync/events` and counts each run that ends.
#[cfg(feature = "hydrate")]
fn listen(progress: RwSignal<SyncProgress>, finished: RwSignal<u32>) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    use send_wrapper::SendWrapper;

    let Ok(source) = web_sys::EventSource::new("/sync/events") else {
        return;
    };
    let on_progress =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(update) = serde_json::from_str::<SyncProgress>(&text) else {
                return;
            };
            let was_running = progress.get_untracked().run_id.is_some();
            let ended = was_running && update.run_id.is_none();
            progress.set(update);
            if ended {
                finished.update(|n| *n += 1);
            }
        });
    if source
        .add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref())
        .is_err()
    {
        source.close();
        return;
    }
    let guard = SendWrapper::new((source, on_progress));
    on_cleanup(move || guard.take().0.close());
}

/// The server renders the state at request time; pushes start once the page hydrates.
#[cfg(not(feature = "hydrate"))]
fn listen(_progress: RwSignal<SyncProgress>, _finished: RwSignal<u32>) {}

#[component]
fn RunsTable(runs: Vec<SyncRunSummary>) -> impl IntoView {
    if runs.is_empty() {
        return view! {
            <EmptyState heading="No sync has run yet">
                <p>
                    "Press " <strong>"Sync now"</strong> " above, or run " <code>"seat-audit sync"</code>
                    ", to pull users and activity from Gong; each run will be listed here."
                </p>
            </EmptyState>
        }
        .into_any();
    }
    let hosted_only = runs.first().is_some_and(|run| run.hosted_only());
    view! {
        {hosted_only
            .then(|| {
                view! {
                    <p class="notice" role="note">
                        "The Gong key may not read the activity stats, so the last run saw hosted calls only: "
                        "attending, coaching and listening are not counted, and someone who only does those "
                        "shows as inactive. Ask Gong to allow the stats for this key (scope "
                        <code>"api:stats:user-actions"</code> ")."
                    </p>
                }
            })}
        <TableScroll label="Sync runs">
            <table class="data-table" data-testid="sync-runs">
                <caption>"Sync runs, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Run"</th>
                        <th scope="col">"Started (UTC)"</th>
                        <th scope="col">"Trigger"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Duration"</th>
                        <th scope="col">"Windows"</th>
                        <th scope="col">"Requests"</th>
                        <th scope="col">"429s"</th>
                        <th scope="col">"Quota used"</th>
                        <th scope="col">"Signals"</th>
                        <th scope="col">"Outcome"</th>
                    </tr>
                </thead>
                <tbody>
                    {runs.into_iter().map(|run| view! { <RunRow run/> }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
    .into_any()
}

#[component]
fn RunRow(run: SyncRunSummary) -> impl IntoView {
    let duration = run
        .finished_at
        .map(|end| human_duration((end - run.started_at).num_seconds().max(0) as u64))
        .unwrap_or_else(|| "–".into());
    let signals = if run.signals.is_empty() {
        "–".to_owned()
    } else {
        run.signals.joined()
    };
    let outcome_class = match run.outcome {
        SyncOutcome::Complete => "outcome ok",
        SyncOutcome::Running => "outcome",
        SyncOutcome::StoppedOnQuota => "outcome warn",
        SyncOutcome::Failed => "outcome bad",
    };
    view! {
        <tr>
            <td class="num">{run.id}</td>
            <td>{run.started_at.format("%Y-%m-%d %H:%M").to_string()}</td>
            <td>{run.trigger}</td>
            <td>{run.kind}</td>
            <td>{duration}</td>
            <td class="num">{format!("{} / {}", run.windows_done, run.windows_total)}</td>
            <td class="num">{run.requests}</td>
            <td class="num">{run.throttled}</td>
            <td class="num">{run.quota_used}</td>
            <td>{signals}</td>
            <td>
                <span class=outcome_class>{run.outcome.label()}</span>
                {run.error.map(|e| view! { <span class="run-error">": " {e}</span> })}
            </td>
        </tr>
    }
}
