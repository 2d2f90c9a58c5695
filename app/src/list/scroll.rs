//! Scrolling: which rows are in the DOM, the viewport's height, and bringing the selected row
//! into view (in the table's scroller and in the window).

use leptos::prelude::*;

use super::{ListState, HEAD_H, OVERSCAN, ROW_H};
use crate::workspace::{View, Workspace};

impl ListState {
    /// Scrolls the table so the selected row is in view.
    pub(super) fn reveal_selected(self) {
        let Some(pos) = self.ws.selected.get_untracked().and_then(|i| self.position_of(i)) else { return };
        let Some(scroller) = self.scroller.get_untracked() else { return };
        #[allow(clippy::cast_precision_loss)]
        let top = HEAD_H + pos as f64 * ROW_H;
        let view_top = f64::from(scroller.scroll_top());
        let height = f64::from(scroller.client_height());
        let new_top = if top - HEAD_H < view_top {
            Some(top - HEAD_H)
        } else if top + ROW_H > view_top + height {
            Some(top + ROW_H - height)
        } else {
            None
        };
        if let Some(t) = new_top {
            #[allow(clippy::cast_possible_truncation)]
            scroller.set_scroll_top(t.max(0.0) as i32);
            self.scroll_top.set(t.max(0.0));
        }
        // The table may reach below the window: bring the row into the window too, once it is
        // rendered.
        let selector = self.ws.selected.get_untracked().map(|i| format!("[id='row-{i}']"));
        let grid = self.grid;
        request_animation_frame(move || {
            let row =
                selector.zip(grid.get_untracked()).and_then(|(sel, grid)| grid.query_selector(&sel).ok().flatten());
            if let Some(row) = row {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }

    /// Whole rows the viewport shows (at least one): how far PageUp and PageDown move.
    pub(super) fn rows_per_page(self) -> isize {
        #[allow(clippy::cast_possible_truncation)]
        let n = ((self.viewport.get_untracked() - HEAD_H) / ROW_H).floor() as isize;
        n.max(1)
    }

    /// The window of items in the DOM: `(start, end)`, overscan included.
    pub(super) fn window(self) -> Memo<(usize, usize)> {
        let items = self.items;
        Memo::new(move |_| {
            let n = items.with(Vec::len);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let first = ((self.scroll_top.get() - HEAD_H).max(0.0) / ROW_H).floor() as usize;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let visible = (self.viewport.get() / ROW_H).ceil() as usize + 1;
            let start = first.saturating_sub(OVERSCAN).min(n);
            let end = (first + visible + OVERSCAN).min(n);
            (start, end)
        })
    }

    /// Keeps the viewport's height measured: when the list is shown, and when the window resizes.
    pub(super) fn track_viewport(self, ws: Workspace) {
        let measure = move || {
            if let Some(scroller) = self.scroller.get_untracked() {
                let h = f64::from(scroller.client_height());
                if h > 0.0 {
                    self.viewport.set(h);
                }
            }
        };
        Effect::new(move |_| {
            // Measure once the table is in the page (and again when it reappears).
            if ws.view.get() == View::List {
                request_animation_frame(measure);
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || resize.remove());
    }
}
