site-name = Help Centre
nav-skip = Skip to content
nav-home = Home
nav-language = Language
nav-breadcrumbs = Breadcrumbs
footer-text = Product documentation, release notes and support for your HR suite.
search-label = Search the documentation
search-placeholder = Search articles, e.g. “import employees”
search-button = Search
search-title = Search
search-empty-query = Type a few words to search the documentation.
search-no-results = No articles match “{ $query }”. Try other words or browse the modules.
search-result-count = { $count ->
    [one] 1 article found
   *[other] { $count } articles found
}
home-title = Help Centre
home-heading = How can we help?
home-intro = Find answers in the product documentation, follow release notes and contact support.
home-modules = Product modules
home-recent = Recently updated
home-release-notes = Release notes
home-release-notes-empty = No release notes published yet.
module-article-count = { $count ->
    [one] 1 article
   *[other] { $count } articles
}
module-articles = Articles
badge-english = In English
versions-heading = Versions and support phases
versions-version = Version
versions-released = Released
versions-phase = Support phase today
versions-next = Next phase from
versions-explainer = Standard: full support. End of sale: a newer version is available, please plan your upgrade. Extended: best-effort support. End of support: no support any more.
phase-standard = Standard
phase-end-of-sale = End of sale
phase-extended = Extended
phase-end-of-support = End of support
article-updated = Last updated
article-toc = On this page
article-moved = This article has moved: continue to the new page.
fallback-notice = This article is not yet available in { $language }; it is shown in English.
helpful-question = Was this article helpful?
helpful-yes = Yes
helpful-no = No
helpful-thanks = Thank you for your feedback!
helpful-failed = Your answer could not be saved. Please try again.
helpful-tally = { $yes } found this helpful, { $no } did not.
ticket-slot-heading = Still need help?
ticket-slot-text = Contact support from this article: your request will mention it automatically.
error-not-found-title = Page not found
error-not-found-text = We could not find this page. It may have moved, or the address may be mistyped.
error-sign-in-title = Please sign in
error-sign-in-text = This article is available to signed-in users of your company.
error-bad-request-title = Something is wrong with this request
error-bad-request-text = Please check what you entered and try again.
error-internal-title = Something went wrong
error-internal-text = An unexpected error occurred on our side. Please try again in a moment.
error-back-home = Back to the help centre
error-search = Search the documentation
