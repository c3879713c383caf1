//! A comment thread of the release page: one for the release as a whole, one under each
//! section. Mentions show as names; while `@` is being typed the people it may name are
//! offered as buttons; the author may edit or delete a comment; a mentioned person may
//! mark the mention seen. Who may do what is the domain's (`offer`, `mention_waits`).

use leptos::prelude::*;

use super::common::{button, fixed, keyed, offer, on, person_here, who};
use super::ReleaseCtx;
use crate::domain::schedule::{ago, minute};
use crate::domain::Approver;
use crate::domain::{
    comment_parts, mention_at_caret, mention_waits, suggest_mentions, thread_label, ItemId, Part,
    Person, ReleaseChange, ReleaseId, Section,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::components::waiting::{remind_href, remind_link};
use crate::ui::desk::Desk;
use crate::ui::kit::{editor::focus, input_id, Dyn, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::{section_slug, Page, Route};
use crate::ui::state::AppState;
use chrono::{DateTime, Utc};
use wasm_bindgen::JsCast;

/// The element id of a thread (`section-comments`, `section-comments-plan`): the
/// release page's `?section=` scrolls to it, as search results link.
pub fn thread_slug(section: Option<Section>) -> String {
    match section {
        None => "comments".to_owned(),
        Some(s) => format!("comments-{}", section_slug(s)),
    }
}

/// The link to a thread of a release's page.
pub fn thread_href(release: &ReleaseId, section: Option<Section>) -> String {
    Route::to(Page::Releases)
        .with_segment(release.as_str())
        .with_param("section", &thread_slug(section))
        .href()
}

/// The comments on `section` of the release shown (`None`: on the release as a whole).
#[component]
pub fn CommentThread(
    /// The section commented on; none for the release as a whole.
    #[prop(optional)]
    section: Option<Section>,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let state = AppState::expect();
    let me = person_here();
    let act = Act::new();
    let text = RwSignal::new(String::new());
    let caret = RwSignal::new(0);
    let slug = thread_slug(section);
    let key = fixed(format!("comment-{slug}"));
    let input = input_id(key, "text");
    let track = {
        let input = input.clone();
        move |ev: web_sys::Event| track_caret(&ev, &input, caret)
    };
    let (on_key, on_click) = (track.clone(), track);
    // The thread's comments by id: each keeps its view (and its edit form) while it lives.
    let ids = move || {
        ctx.with(|r| {
            r.comments
                .iter()
                .filter(|c| c.section == section && c.deleted.is_none())
                .map(|c| c.id.clone())
                .collect::<Vec<ItemId>>()
        })
        .unwrap_or_default()
    };
    let may_comment = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::Comment {
                id: ItemId::default(),
                section,
                text: String::new(),
                mentions: Vec::new(),
            },
        )
    };
    // Open when the address names this thread or a mention in it waits for the person here.
    let wanted = {
        let slug = slug.clone();
        Memo::new(move |_| {
            state
                .route
                .with(|r| r.param("section") == Some(slug.as_str()))
        })
    };
    let waiting = me.with_untracked(|p| {
        p.as_ref().is_some_and(|p| {
            ctx.part(|r| {
                r.comments
                    .iter()
                    .any(|c| c.section == section && mention_waits(r, &c.id, &p.id))
            })
        })
    });
    let summary = move || {
        let n = ids().len();
        let what = match n {
            0 => "no comments yet".to_owned(),
            1 => "1 comment".to_owned(),
            n => format!("{n} comments"),
        };
        format!("Comments on {} ({what})", thread_label(section))
    };
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::Comment {
            id: ItemId::default(),
            section,
            text: text.get_untracked(),
            mentions: Vec::new(),
        };
        act.run(on(ctx, change), move |_| text.set(String::new()));
    });
    let fields = vec![FieldSpec::area("text", "Your comment", text)
        .help("Mention someone with @ and their id or full name: they are asked to reply.")];
    let options = FormOptions::new(
        act,
        key,
        format!("Comment on {}", thread_label(section)),
        "Post the comment",
    )
    .class("comments__form")
    .release(ctx.id());
    view! {
        <details class="comments" id=format!("section-{slug}") prop:open=move || waiting || wanted.get()
            on:keyup=move |ev| on_key(ev.into()) on:click=move |ev| on_click(ev.into())>
            <summary class="comments__summary">{summary}</summary>
            <ol class="comments__list">
                {keyed(Box::new(ids), |id| view! { <CommentItem id /> }.into_any())}
            </ol>
            <When cond=may_comment>
                <RecordForm options=options.clone() fields=fields.clone() on_submit=submit
                    extra=view! { <Suggestions text caret input=input.clone() /> }.into_any() />
            </When>
        </details>
    }
}

/// One comment: who, when, the text with mentions as names, and its actions.
#[component]
fn CommentItem(id: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let editing = RwSignal::new(false);
    let comment = {
        let id = id.clone();
        move || {
            ctx.with(|r| r.comments.iter().find(|c| c.id == id).cloned())
                .flatten()
        }
    };
    let first = ctx.part(|r| r.comments.iter().find(|c| c.id == id).cloned());
    let (author, words) = first.map_or_else(Default::default, |c| (c.posted.by.clone(), c.text));
    let label = first_label(desk, ctx, &id);
    let mine = move || me.with(|p| p.as_ref().is_some_and(|p| p.id == author));
    let own = {
        let id = id.clone();
        move || mine() && offer(ctx, me, &ReleaseChange::DeleteComment(id.clone()))
    };
    let waiting = {
        let id = id.clone();
        move || {
            !ctx.read_only()
                && me.with(|p| {
                    p.as_ref()
                        .is_some_and(|p| ctx.with(|r| mention_waits(r, &id, &p.id)) == Some(true))
                })
        }
    };
    // Who wrote it and when, and its text with mentions as names, as the release has them.
    let shown: Dyn = Box::new(move || {
        let Some(c) = comment() else {
            return ().into_any();
        };
        let edited = c
            .edited
            .as_ref()
            .map(|s| format!(" (edited {})", who(desk, s)));
        let people: Vec<Person> = desk.engine.with_untracked(|e| {
            c.mentions
                .iter()
                .filter_map(|m| e.book().people.get(m).cloned())
                .collect()
        });
        let refs: Vec<&Person> = people.iter().collect();
        let body = comment_parts(&refs, &c.text)
            .into_iter()
            .map(|part| match part {
                Part::Text(t) => t.to_owned().into_any(),
                Part::Mention(_, p) => {
                    view! { <span class="comments__mention">{format!("@{}", p.name)}</span> }
                        .into_any()
                }
            })
            .collect_view();
        let by = desk
            .engine
            .with_untracked(|e| e.book().person_name(&c.posted.by).to_owned());
        // A reminder to each person the mention still waits for, but the person here.
        let here = me.with(|p| p.as_ref().map(|p| p.id.clone()));
        let remind: Vec<AnyView> = desk.engine.with_untracked(|e| {
            ctx.with(|r| {
                people
                    .iter()
                    .filter(|p| Some(&p.id) != here.as_ref() && mention_waits(r, &c.id, &p.id))
                    .map(|p| {
                        let what = format!("answer {by}'s comment on {}", thread_label(c.section));
                        let href = remind_href(
                            e.book(),
                            &Approver::Person(p.id.clone()),
                            r,
                            &what,
                            c.posted.at,
                        );
                        let (label, whom) =
                            (format!("Remind {} by e-mail", p.name), p.name.clone());
                        remind_link(href, label, whom)
                    })
                    .collect()
            })
            .unwrap_or_default()
        });
        view! {
            <p class="comments__meta">{by.clone()}", "{time_ago(desk, c.posted.at)}{edited}</p>
            <p class="comments__text">{body}</p>
            {(!ctx.read_only()).then_some(remind)}
        }
        .into_any()
    });
    let text = RwSignal::new(words);
    let key = fixed(format!("comment-edit-{id}"));
    let save = {
        let id = id.clone();
        Callback::new(move |()| {
            let change = ReleaseChange::EditComment {
                id: id.clone(),
                text: text.get_untracked(),
                mentions: Vec::new(),
            };
            act.run(on(ctx, change), move |_| editing.set(false));
        })
    };
    let may_edit = Signal::derive(own);
    let (see_id, delete_id) = (id.clone(), StoredValue::new(id.clone()));
    let confirming = RwSignal::new(false);
    let keep_id = format!("comment-keep-{id}");
    let keep_at = keep_id.clone();
    let actions: Dyn = Box::new(move || {
        let mut out = Vec::new();
        if waiting() {
            let id = see_id.clone();
            out.push(button(
                act,
                "Mark seen".into(),
                "button button--secondary",
                Box::new(move || {
                    act.run_saying(
                        on(ctx, ReleaseChange::SeeMention(id.clone())),
                        "Marked seen.",
                        |_| {},
                    )
                }),
            ));
        }
        if may_edit.get() && !confirming.get() {
            let keep = keep_at.clone();
            out.push(button(
                act,
                "Delete".into(),
                "button button--secondary",
                Box::new(move || {
                    confirming.set(true);
                    let keep = keep.clone();
                    request_animation_frame(move || focus(&keep));
                }),
            ));
        }
        out.into_iter().collect_view().into_any()
    });
    // Deleting asks first, here on the page; the safe answer takes the focus.
    let delete = move || {
        confirming.set(false);
        act.run_saying(
            on(ctx, ReleaseChange::DeleteComment(delete_id.get_value())),
            "Deleted.",
            |_| {},
        );
    };
    let keep = move || confirming.set(false);
    view! {
        <li class="comments__item" aria-label=label>
            {shown}
            <div class="comments__actions">
                {actions}
                <When cond=move || confirming.get() && may_edit.get()>
                    <p class="comments__confirm" role="group" aria-label="Confirm the deletion">
                        "Delete this comment? "
                        <button class="button" type="button" on:click=move |_| delete()>"Delete"</button>
                        " "
                        <button class="button button--secondary" type="button" id=keep_id.clone() on:click=move |_| keep()>"Keep"</button>
                    </p>
                </When>
                <When cond=may_edit>
                    <button class="button button--secondary" type="button"
                        aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || if editing.get() { "Close the edit" } else { "Edit" }}
                    </button>
                </When>
            </div>
            <ActStatus act release=ctx.id() />
            <When cond=move || editing.get() && may_edit.get()>
                <RecordForm options=FormOptions::new(act, key, "Edit the comment", "Save the comment").class("comments__form")
                    fields=vec![FieldSpec::area("text", "Comment", text)] on_submit=save />
            </When>
        </li>
    }
}

/// "Comment by Rita Ramos, 2026-11-27 10:00 UTC": a comment's accessible name.
fn first_label(desk: Desk, ctx: ReleaseCtx, id: &ItemId) -> String {
    ctx.part(|r| {
        r.comments
            .iter()
            .find(|c| &c.id == id)
            .map(|c| format!("Comment by {}", who(desk, &c.posted)))
            .unwrap_or_default()
    })
}

/// The people the `@word` at the caret of the comment box may name, as buttons that
/// complete it: the word is replaced by the person's id and the caret put after it.
#[component]
fn Suggestions(
    /// The comment being written.
    text: RwSignal<String>,
    /// The caret in `text`, as a byte offset.
    caret: RwSignal<usize>,
    /// The text area's id, to give it the focus back.
    input: String,
) -> impl IntoView {
    let desk = Desk::expect();
    let people = move || {
        let typed = text.with(|t| mention_at_caret(t, caret.get()).map(|w| t[w].to_owned()));
        typed.map_or_else(Vec::new, |prefix| {
            desk.engine.with_untracked(|e| {
                suggest_mentions(e.book(), &prefix, 5)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<Person>>()
            })
        })
    };
    let input = StoredValue::new(input);
    let pick = move |id: String| {
        let picked = text.with_untracked(|t| {
            let word = mention_at_caret(t, caret.get_untracked())?;
            let rest = &t[word.end..];
            let space = if rest.starts_with(char::is_whitespace) {
                ""
            } else {
                " "
            };
            let new = format!("{}{id}{space}{rest}", &t[..word.start]);
            Some((new, word.start + id.len() + 1))
        });
        let Some((new, at)) = picked else { return };
        let area = document()
            .get_element_by_id(&input.get_value())
            .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        if let Some(area) = area {
            // The box first, so the caret set here is not moved by the value's update.
            area.set_value(&new);
            let units = new[..at].encode_utf16().count() as u32;
            let _ = area.set_selection_range(units, units);
            let _ = area.focus();
        }
        text.set(new);
        caret.set(at);
    };
    view! {
        <div class="comments__suggestions" role="group" aria-label="People to mention">
            {move || people().into_iter().map(|p| {
                let id = p.id.0.clone();
                view! {
                    <button class="button button--secondary comments__person" type="button"
                        on:click=move |_| pick(id.clone())>
                        {format!("{} (@{})", p.name, p.id)}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// Follows the caret of the text area `input` (keys, clicks, typing inside the thread) in
/// `caret`, as a byte offset of its text.
fn track_caret(ev: &web_sys::Event, input: &str, caret: RwSignal<usize>) {
    let Some(area) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .filter(|a| a.id() == input)
    else {
        return;
    };
    let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let value = area.value();
    let mut seen = 0;
    let at = value
        .char_indices()
        .find(|(_, c)| {
            let past = seen >= units;
            seen += c.len_utf16();
            past
        })
        .map_or(value.len(), |(i, _)| i);
    caret.set(at);
}

/// `<time>` for `at`: when it was, relative to now ("5 minutes ago", read again on each tick
/// of the desk's minute clock), with the exact time in UTC as its machine-readable value and
/// its title.
pub fn time_ago(desk: Desk, at: DateTime<Utc>) -> impl IntoView {
    let exact = minute(at);
    let relative = move || {
        desk.minute.track();
        ago(at, Utc::now())
    };
    view! {
        <time datetime=format!("{}Z", exact.replace(' ', "T")) title=format!("{exact} UTC")>
            {relative}
        </time>
    }
}
