site-name = Hjälpcenter
nav-skip = Hoppa till innehållet
nav-home = Start
nav-language = Språk
nav-breadcrumbs = Brödsmulor
footer-text = Produktdokumentation, versionsinformation och support för din HR-svit.
search-label = Sök i dokumentationen
search-placeholder = Sök artiklar, t.ex. ”importera anställda”
search-button = Sök
search-title = Sök
search-empty-query = Skriv några ord för att söka i dokumentationen.
search-no-results = Inga artiklar matchar ”{ $query }”. Prova andra ord eller bläddra bland modulerna.
search-result-count = { $count ->
    [one] 1 artikel hittades
   *[other] { $count } artiklar hittades
}
home-title = Hjälpcenter
home-heading = Hur kan vi hjälpa dig?
home-intro = Hitta svar i produktdokumentationen, följ versionsinformationen och kontakta supporten.
home-modules = Produktmoduler
home-recent = Nyligen uppdaterat
home-release-notes = Versionsinformation
home-release-notes-empty = Ingen versionsinformation har publicerats ännu.
module-article-count = { $count ->
    [one] 1 artikel
   *[other] { $count } artiklar
}
module-articles = Artiklar
badge-english = På engelska
versions-heading = Versioner och supportfaser
versions-version = Version
versions-released = Släppt
versions-phase = Aktuell supportfas
versions-next = Nästa fas från
versions-explainer = Standard: full support. Försäljningsstopp: en nyare version finns, planera uppgraderingen. Utökad: support efter bästa förmåga. Supportslut: ingen support längre.
phase-standard = Standard
phase-end-of-sale = Försäljningsstopp
phase-extended = Utökad
phase-end-of-support = Supportslut
article-updated = Senast uppdaterad
article-toc = På den här sidan
article-moved = Artikeln har flyttats: fortsätt till den nya sidan.
fallback-notice = Artikeln finns ännu inte på { $language }; den visas på engelska.
helpful-question = Var artikeln till hjälp?
helpful-yes = Ja
helpful-no = Nej
helpful-thanks = Tack för din feedback!
helpful-failed = Ditt svar kunde inte sparas. Försök igen.
helpful-tally = { $yes } tyckte att den var till hjälp, { $no } gjorde det inte.
ticket-slot-heading = Behöver du mer hjälp?
ticket-slot-text = Kontakta supporten från den här artikeln: ditt ärende hänvisar automatiskt till den.
error-not-found-title = Sidan hittades inte
error-not-found-text = Vi kunde inte hitta sidan. Den kan ha flyttats eller så är adressen felstavad.
error-sign-in-title = Logga in
error-sign-in-text = Artikeln är tillgänglig för inloggade användare i ditt företag.
error-bad-request-title = Något är fel med begäran
error-bad-request-text = Kontrollera det du angav och försök igen.
error-internal-title = Något gick fel
error-internal-text = Ett oväntat fel uppstod hos oss. Försök igen om en stund.
error-back-home = Tillbaka till hjälpcentret
error-search = Sök i dokumentationen
