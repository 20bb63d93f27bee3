site-name = Hjælpecenter
nav-skip = Gå til indholdet
nav-home = Forside
nav-language = Sprog
nav-breadcrumbs = Brødkrummer
footer-text = Produktdokumentation, versionsnoter og support til din HR-suite.
search-label = Søg i dokumentationen
search-placeholder = Søg i artikler, f.eks. “importér medarbejdere”
search-button = Søg
search-title = Søgning
search-empty-query = Skriv et par ord for at søge i dokumentationen.
search-no-results = Ingen artikler matcher “{ $query }”. Prøv andre ord, eller gennemse modulerne.
search-result-count = { $count ->
    [one] 1 artikel fundet
   *[other] { $count } artikler fundet
}
home-title = Hjælpecenter
home-heading = Hvordan kan vi hjælpe?
home-intro = Find svar i produktdokumentationen, følg versionsnoterne, og kontakt support.
home-modules = Produktmoduler
home-recent = Senest opdateret
home-release-notes = Versionsnoter
home-release-notes-empty = Der er endnu ikke udgivet versionsnoter.
module-article-count = { $count ->
    [one] 1 artikel
   *[other] { $count } artikler
}
module-articles = Artikler
badge-english = På engelsk
versions-heading = Versioner og supportfaser
versions-version = Version
versions-released = Udgivet
versions-phase = Aktuel supportfase
versions-next = Næste fase fra
versions-explainer = Standard: fuld support. Salgsophør: en nyere version findes, planlæg opgraderingen. Udvidet: support efter bedste evne. Supportophør: ingen support længere.
phase-standard = Standard
phase-end-of-sale = Salgsophør
phase-extended = Udvidet
phase-end-of-support = Supportophør
article-updated = Senest opdateret
article-toc = På denne side
article-moved = Artiklen er flyttet: fortsæt til den nye side.
fallback-notice = Artiklen findes endnu ikke på { $language }; den vises på engelsk.
helpful-question = Var artiklen nyttig?
helpful-yes = Ja
helpful-no = Nej
helpful-thanks = Tak for din feedback!
helpful-failed = Dit svar kunne ikke gemmes. Prøv igen.
helpful-tally = { $yes } fandt den nyttig, { $no } gjorde ikke.
ticket-slot-heading = Har du brug for mere hjælp?
ticket-slot-text = Kontakt support fra denne artikel: din henvendelse henviser automatisk til den.
error-not-found-title = Siden blev ikke fundet
error-not-found-text = Vi kunne ikke finde siden. Den er måske flyttet, eller adressen er stavet forkert.
error-sign-in-title = Log ind
error-sign-in-text = Artiklen er tilgængelig for brugere i din virksomhed, der er logget ind.
error-bad-request-title = Der er noget galt med anmodningen
error-bad-request-text = Kontrollér det, du har indtastet, og prøv igen.
error-internal-title = Noget gik galt
error-internal-text = Der opstod en uventet fejl hos os. Prøv igen om et øjeblik.
error-back-home = Tilbage til hjælpecentret
error-search = Søg i dokumentationen
