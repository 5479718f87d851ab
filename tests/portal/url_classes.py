"""How tests/portal/test_staff_urls.py classifies the URL patterns that are not staff-only:
a new pattern nobody lists here or there makes that test fail."""

# Patterns that are not under /admin/ but show what only staff may see.
STAFF_VIEWS = {"portal:preview", "portal:styleguide"}

# Public patterns (anyone may open them; personal pages are reached by a secret token).
PUBLIC = {
    "sitemap", "robots-txt", "healthz", "favicon", "set_language", "portal:contact",
    "newsletter-unsubscribe-one-click",
    "alerts-unsubscribe-one-click",
    "newsletter:issue-list", "newsletter:feed", "newsletter:subscribe",
    "newsletter:subscribe-thanks", "newsletter:subscription-confirm",
    "newsletter:subscription-manage", "newsletter:issue-detail", "newsletter:article-detail",
    "newsletter:new-link", "newsletter:new-link-sent", "newsletter:unsubscribed",
    # The page a test email's unsubscribe link leads to; the mail system's bounce reports
    # (authenticated by a token, tested in newsletter).
    "newsletter:test-unsubscribe", "newsletter-bounces",
    # The member's own subscription, from My space (member_required, tested in newsletter).
    "newsletter:member-subscribe", "newsletter:member-language", "newsletter:member-unsubscribe",
    "projects:project-list", "projects:country-detail", "projects:call-detail",
    "projects:project-detail",
    "events:event-list", "events:event-calendar", "events:event-detail",
    "registrations:register", "registrations:apply", "registrations:interest",
    "registrations:submission-thanks", "registrations:registration-detail",
    "registrations:registration-requested", "registrations:submission-withdraw",
    "portal:home", "portal:get-involved", "portal:page-detail", "portal:search",
    "dialogue:ask", "dialogue:sent", "dialogue:confirm",
}  # fmt: skip
# A member's own pages (signed in by email link, never by a staff account) are public in
# this sense: the members', alerts' and talent pool's tests check who may see what (the talent
# pool's invitation and "still interested?" links are secret tokens: tests/talent).
MEMBER_APPS = ("members:", "alerts:", "talent:")
# A member's own pages that live in another app (the registrations section of My space).
PUBLIC |= {
    "registrations:member-registration-cancel", "registrations:member-registration-calendar",
}  # fmt: skip
# Questions and answers: asking, a published question, reporting it; withdrawing it is a
# member's own page (member_required, tests/dialogue/test_member.py).
PUBLIC |= {
    "dialogue:ask", "dialogue:sent", "dialogue:confirm", "dialogue:question", "dialogue:report",
    "dialogue:report-thanks", "dialogue:withdraw", "dialogue:item",
}  # fmt: skip

# The steps a password-only staff member may be sent to, or shown (the admin's logout sends
# to the index, which sends to the login).
LOGIN_STEPS = {"admin:login", "admin:two-factor-verify", "admin:two-factor-setup", "admin:index"}
LOGIN_TEMPLATES = {"admin/login.html", "staff_auth/verify.html", "staff_auth/setup.html"}
