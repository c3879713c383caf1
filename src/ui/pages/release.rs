//! A release's page: its whole life in one place. The header shows where it stands and
//! what its next gate needs; the sections below follow the lifecycle; the timeline at the
//! end lists every event and can show the release as it was after any of them.

use leptos::prelude::*;

use crate::domain::{history, EventId, Release, ReleaseId, Section};
use crate::ui::components::release::approvals::ApprovalsSection;
use crate::ui::components::release::backout::BackoutSection;
use crate::ui::components::release::build_test::BuildTestSection;
use crate::ui::components::release::comments::CommentThread;
use crate::ui::components::release::conflicts::ConflictsSection;
use crate::ui::components::release::early_life::EarlyLifeSection;
use crate::ui::components::release::handover::{HandoverSection, KnowledgeSection};
use crate::ui::components::release::header::ReleaseHeader;
use crate::ui::components::release::menu::{focus_section, SectionMenu};
use crate::ui::components::release::package::PackageSection;
use crate::ui::components::release::plan::{CriteriaSection, PlanSection};
use crate::ui::components::release::registers::RegistersSection;
use crate::ui::components::release::review::ReviewSection;
use crate::ui::components::release::runbook::RunbookSection;
use crate::ui::components::release::timeline::TimelineSection;
use crate::ui::components::release::waves::WavesSection;
use crate::ui::components::release::ReleaseCtx;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::{effect, When};
use crate::ui::route::Page;
use crate::ui::state::AppState;

/// The page of the release `id`.
#[component]
pub fn ReleasePage(
    /// The release's id, from the address.
    id: String,
) -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let id = ReleaseId(id);
    let as_of = Memo::new(move |_| {
        state
            .route
            .with(|r| r.param("as_of").map(|e| EventId(e.to_owned())))
    });
    let release = {
        let id = id.clone();
        Memo::new(move |_| match as_of.get() {
            Some(at) => desk
                .engine
                .with(|e| history::release_as_of(e.log(), &e.book().signing.refused, &id, &at)),
            None => desk.engine.with(|e| e.book().releases.get(&id).cloned()),
        })
    };
    let me = crate::ui::act::me();
    let ctx = ReleaseCtx {
        id: StoredValue::new(id),
        release,
        as_of,
        person: Memo::new(move |_| me.get()),
        openness: Memo::new(move |_| release.with(|r| r.as_ref().map(Release::openness))),
    };
    provide_context(ctx);

    // `?section=plan` scrolls to the section once it is on screen (links from the
    // checklist and from refusals).
    // It follows the address and the release coming into existence (the book opening),
    // not every change to the release: saving a form must not move the focus.
    let shown = Memo::new(move |_| release.with(Option::is_some));
    let wanted = Memo::new(move |_| state.route.with(|r| r.param("section").map(str::to_owned)));
    effect(move |_| {
        let wanted = wanted.get();
        let shown = shown.get();
        if let (Some(slug), true) = (wanted, shown) {
            request_animation_frame(move || focus_section(&slug));
        }
    });

    let exists = move || shown.get();
    let opening = move || desk.status.get() == DeskStatus::Opening;
    view! {
        <article class="page release" class:release--menu=exists>
            <When
                cond=exists
                fallback=move || view! {
                    <h1 class="page__title">"Release"</h1>
                    {move || if opening() {
                        view! { <p class="release__loading" role="status">"Opening the release book…"</p> }.into_any()
                    } else {
                        view! {
                            <p>
                                {move || if as_of.with(Option::is_some) {
                                    "This release did not exist yet at that point. "
                                } else {
                                    "There is no such release in this book. "
                                }}
                                <a href=Page::Releases.href()>"See every release"</a>
                            </p>
                        }.into_any()
                    }}
                }
            >
                <SectionMenu />
                <div class="release__body">
                <div class="release__overview" id="section-overview">
                    <ReleaseHeader />
                    <ConflictsSection />
                </div>
                <PackageSection />
                <CommentThread section=Section::Package />
                <PlanSection />
                <CommentThread section=Section::Plan />
                <CriteriaSection />
                <CommentThread section=Section::Criteria />
                <ApprovalsSection />
                <CommentThread section=Section::Approvals />
                <BuildTestSection />
                <CommentThread section=Section::Tests />
                <WavesSection />
                <CommentThread section=Section::Waves />
                <RunbookSection />
                <CommentThread section=Section::Runbook />
                <BackoutSection />
                <CommentThread section=Section::Backout />
                <EarlyLifeSection />
                <KnowledgeSection />
                <CommentThread section=Section::Knowledge />
                <RegistersSection />
                <CommentThread section=Section::Risks />
                <ReviewSection />
                <CommentThread section=Section::Review />
                <HandoverSection />
                <CommentThread section=Section::Handover />
                <CommentThread />
                <TimelineSection />
                </div>
            </When>
        </article>
    }
}
