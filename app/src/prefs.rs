//! What the page keeps in this browser's localStorage: checklist progress (one key, the core's
//! `Progress` JSON), the theme and the time zone. Loaded findings are never stored.
//!
//! A stored value that is damaged, or not ours, is ignored with a notice on the page; the page never
//! fails because of what it finds in storage. Storage that is unavailable (a privacy mode, a full
//! quota) costs persistence, not function.

use findlens_core::workspace::{Progress, ProgressError};
use leptos::prelude::*;

use crate::platform::{self, StorageError};

/// The one key checklist progress is saved under.
pub const PROGRESS_KEY: &str = "findlens.progress.v1";
const THEME_KEY: &str = "findlens.theme.v1";
const TIME_KEY: &str = "findlens.time.v1";

/// Ticked guide steps, per finding key and stable step id.
#[derive(Clone, Copy)]
pub struct Checklist {
    pub progress: RwSignal<Progress>,
    /// Why saved progress was ignored or cannot be saved, shown until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// False when the stored value must be left as it is (from a newer Findlens).
    writable: StoredValue<bool>,
}

impl Checklist {
    /// Reads saved progress; a damaged or foreign value gives a notice and an empty checklist.
    pub fn load() -> Checklist {
        let (progress, notice, writable) = match platform::read_stored(PROGRESS_KEY) {
            Ok(None) => (Progress::default(), None, true),
            Ok(Some(text)) => match Progress::from_json(&text) {
                Ok(p) => (p, None, true),
                Err(e) => {
                    // A newer layout is left untouched (its message says so); anything else is
                    // replaced by the next tick.
                    let keep = e.keeps_stored_value();
                    (Progress::default(), Some(notice_text(&e, keep)), !keep)
                }
            },
            Err(StorageError::Unavailable | StorageError::Refused) => (
                Progress::default(),
                Some({
                    let place = platform::place();
                    format!("Findlens cannot save ticked steps in {}; they last {}.", place.keeper, place.lasts)
                }),
                false,
            ),
        };
        Checklist {
            progress: RwSignal::new(progress),
            notice: RwSignal::new(notice),
            writable: StoredValue::new(writable),
        }
    }

    pub fn is_done(self, finding: &str, step: &str) -> bool {
        self.progress.with(|p| p.is_done(finding, step))
    }

    /// Ticks or unticks a step and saves the checklist.
    pub fn set(self, finding: &str, step: &str, done: bool) {
        self.progress.update(|p| p.set(finding, step, done));
        if self.writable.get_value() {
            let json = self.progress.with_untracked(Progress::to_json);
            if platform::write_stored(PROGRESS_KEY, &json).is_err() {
                let place = platform::place();
                self.notice.set(Some(format!(
                    "Ticked steps could not be saved in {} (storage is full or blocked); they last {}.",
                    place.keeper, place.lasts,
                )));
            }
        }
    }
}

fn notice_text(reason: &ProgressError, newer: bool) -> String {
    let mut text = format!("Saved guide progress was not loaded: {reason}");
    text.push('.');
    if newer {
        text.push_str(&format!(" Ticks made now last {}.", platform::place().lasts));
    } else {
        text.push_str(" Ticking a step saves a new checklist in its place.");
    }
    text
}

/// The colour theme: the system's, or one chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// How times are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Utc,
    Local,
}

/// Display preferences, saved in this browser.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub theme: RwSignal<Theme>,
    pub zone: RwSignal<Zone>,
}

impl Prefs {
    pub fn load() -> Prefs {
        let theme = Theme::parse(&platform::read_stored(THEME_KEY).ok().flatten().unwrap_or_default());
        let zone = match platform::read_stored(TIME_KEY).ok().flatten().as_deref() {
            Some("local") => Zone::Local,
            _ => Zone::Utc,
        };
        apply_theme(theme);
        Prefs { theme: RwSignal::new(theme), zone: RwSignal::new(zone) }
    }

    pub fn set_theme(self, theme: Theme) {
        self.theme.set(theme);
        apply_theme(theme);
        // Unsaved, the choice still holds for this tab.
        _ = platform::write_stored(THEME_KEY, theme.as_str());
    }

    pub fn set_zone(self, zone: Zone) {
        self.zone.set(zone);
        _ = platform::write_stored(TIME_KEY, if zone == Zone::Local { "local" } else { "utc" });
    }
}

/// The stylesheet reads `data-theme` on the root element; without it, it follows the system.
fn apply_theme(theme: Theme) {
    if let Some(root) = document().document_element() {
        _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
}

/// System, light or dark.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    view! {
        <div class="theme-switch">
            <label for="theme-select">"Theme"</label>
            <select
                id="theme-select"
                data-testid="theme-select"
                on:change:target=move |ev| prefs.set_theme(Theme::parse(&ev.target().value()))
            >
                {[Theme::System, Theme::Light, Theme::Dark]
                    .into_iter()
                    .map(|t| {
                        let label = match t {
                            Theme::System => "System",
                            Theme::Light => "Light",
                            Theme::Dark => "Dark",
                        };
                        view! {
                            <option value=t.as_str() selected=move || prefs.theme.get() == t>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Why saved progress was not loaded (or cannot be saved), until dismissed.
#[component]
pub fn ProgressNotice() -> impl IntoView {
    let checklist = expect_context::<Checklist>();
    move || {
        checklist.notice.get().map(|text| {
            view! {
                <div class="notice no-print" role="alert" data-testid="progress-notice">
                    <span class="tag tag-warning">"Notice"</span>
                    <p>{text}</p>
                    <button
                        type="button"
                        class="button small"
                        data-testid="dismiss-notice"
                        on:click=move |_| checklist.notice.set(None)
                    >
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
