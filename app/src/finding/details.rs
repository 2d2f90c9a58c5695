//! "What happened": the sections the core describes (`findlens_core::describe`), shown as they are.
//! Each row carries the wire field path it comes from; every value is a text node.

use std::sync::Arc;

use findlens_core::describe::{Item, Row, Section, Value};
use leptos::prelude::*;

use crate::format::time;
use crate::prefs::Prefs;

#[component]
pub fn Details(sections: Arc<[Section]>) -> impl IntoView {
    let sections = sections.to_vec();
    view! {
        <section class="details panel-section" aria-labelledby="what-happened" data-testid="details">
            <h3 id="what-happened">"What happened"</h3>
            {sections.into_iter().map(|s| view! { <SectionView section=s/> }).collect_view()}
        </section>
    }
}

#[component]
fn SectionView(section: Section) -> impl IntoView {
    view! {
        <section class="detail-section" data-testid=format!("details-{}", section.id)>
            <h4>{section.title}</h4>
            {section.items.into_iter().map(|item| view! { <ItemView item/> }).collect_view()}
        </section>
    }
}

#[component]
fn ItemView(item: Item) -> impl IntoView {
    match item.title {
        None => view! { <RowsView rows=item.rows/> }.into_any(),
        Some(title) => view! {
            <div class="detail-group">
                <p class="detail-group-title">{title}</p>
                <RowsView rows=item.rows/>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn RowsView(rows: Vec<Row>) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    view! {
        <dl class="detail-rows">
            {rows
                .into_iter()
                .map(|row| {
                    let value = match row.value {
                        Value::Text(t) => t.into_any(),
                        Value::Time(ts) => (move || time(&ts, prefs.zone.get())).into_any(),
                    };
                    view! {
                        <div class="detail-row" data-path=row.path.clone()>
                            <dt title=format!("Field: {}", row.path)>{row.label}</dt>
                            <dd>{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
