use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who may read an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    #[default]
    Public,
    SignedIn,
    Restricted,
}

/// What the reader is allowed to see; anonymous until sign-in exists.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub signed_in: bool,
    pub groups: Vec<String>,
    /// The tenant the request came to: its own articles are read there alone.
    pub tenant: Option<String>,
}

impl Reader {
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// An anonymous reader on `tenant`'s help centre.
    pub fn on(tenant: &str) -> Self {
        Reader { tenant: Some(tenant.to_string()), ..Self::default() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub updated: NaiveDate,
    #[serde(default = "default_order")]
    pub order: i32,
    #[serde(default)]
    pub visibility: Visibility,
    /// Groups allowed to read a `restricted` article.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Links translations whose slugs differ; defaults to the slug.
    #[serde(default)]
    pub translation_key: Option<String>,
    /// The product versions the article describes (from the module descriptor); none means
    /// every version.
    #[serde(default)]
    pub versions: Vec<String>,
    /// For a translation: the `updated` date of the English article it was last brought in line
    /// with. A newer English article makes the translation outdated.
    #[serde(default)]
    pub source_updated: Option<NaiveDate>,
    /// Who keeps the article true (a name or team), shown on the "needs review" list.
    #[serde(default)]
    pub owner: Option<String>,
    /// The day the article is due for review: from then it is on the "needs review" list.
    #[serde(default)]
    pub review_by: Option<NaiveDate>,
}

fn default_order() -> i32 {
    100
}

/// Text kept LZ4-compressed for as long as the content is loaded, and unpacked when shown: an
/// article's HTML is read once per page view, and the 16k imported articles of the search bench
/// hold 31 MiB of it, 16 MiB packed. Unpacking a page takes microseconds.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PackedText(Box<[u8]>);

impl PackedText {
    pub fn pack(text: &str) -> Self {
        PackedText(lz4_flex::block::compress_prepend_size(text.as_bytes()).into_boxed_slice())
    }

    pub fn unpack(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        // Only `pack` makes these bytes, from a `str`, in this process.
        let bytes = lz4_flex::block::decompress_size_prepended(&self.0).expect("text packed by PackedText::pack");
        String::from_utf8(bytes).expect("text packed from a str")
    }
}

impl std::fmt::Debug for PackedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PackedText({} bytes)", self.0.len())
    }
}

impl Serialize for PackedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.unpack())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub locale: String,
    pub module: String,
    pub slug: String,
    pub translation_key: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub updated: NaiveDate,
    pub order: i32,
    pub versions: Vec<String>,
    /// See [`FrontMatter::source_updated`].
    pub source_updated: Option<NaiveDate>,
    pub owner: Option<String>,
    pub review_by: Option<NaiveDate>,
    #[serde(skip)]
    pub visibility: Visibility,
    #[serde(skip)]
    pub groups: Vec<String>,
    /// The rendered page, unpacked when it is shown.
    pub html: PackedText,
    pub toc: Vec<super::TocEntry>,
    /// The article's text without markup, for search.
    #[serde(skip)]
    pub plain_text: String,
    /// Path of the source file relative to the content folder, for reports.
    pub source: String,
    /// The customer whose own article this is (read on their tenant alone); `None` for the
    /// vendor's shared documentation.
    pub tenant: Option<String>,
}

impl Article {
    pub fn path(&self) -> String {
        self.path_in(&self.locale)
    }

    /// Its address for a reader of `locale`: an English stand-in keeps the reader's locale.
    pub fn path_in(&self, locale: &str) -> String {
        format!("/{locale}/{}/{}", self.module, self.slug)
    }

    pub fn readable_by(&self, reader: &Reader) -> bool {
        if self.tenant.is_some() && self.tenant != reader.tenant {
            return false;
        }
        match self.visibility {
            Visibility::Public => true,
            Visibility::SignedIn => reader.signed_in,
            Visibility::Restricted => reader.signed_in && self.groups.iter().any(|g| reader.groups.contains(g)),
        }
    }
}

/// `content/_modules/<module>.yml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleDescriptor {
    pub title: BTreeMap<String, String>,
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    #[serde(default = "default_order")]
    pub order: i32,
    #[serde(default)]
    pub icon: String,
    #[serde(default)]
    pub versions: Vec<ProductVersion>,
    /// The request catalogue: extra fields this module's ticket form asks for.
    #[serde(default)]
    pub ticket_fields: Vec<TicketFieldSpec>,
    /// Working days this module's form promises for requests that are not anomalies, by request
    /// type (`configuration`, `question`, `service`); the deployment's defaults otherwise.
    #[serde(default)]
    pub turnaround_days: BTreeMap<String, i64>,
}

impl ModuleDescriptor {
    /// The turnaround this module's form promises for a request of type `kind`, if its own.
    pub fn turnaround(&self, kind: &str) -> Option<i64> {
        self.turnaround_days.get(kind).copied().filter(|d| (1..=60).contains(d))
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TicketFieldSpec {
    pub key: String,
    #[serde(default)]
    pub required: bool,
    /// The field's label per locale (English when the reader's is missing).
    pub label: BTreeMap<String, String>,
}

impl TicketFieldSpec {
    pub fn label(&self, locale: &str) -> String {
        self.label.get(locale).or_else(|| self.label.get(crate::FALLBACK_LOCALE)).cloned().unwrap_or_else(|| self.key.clone())
    }
}

#[derive(Debug, Clone)]
pub struct Module {
    pub folder: String,
    pub descriptor: ModuleDescriptor,
}

impl Module {
    /// The module's title in `locale`, falling back to English, then to the folder name.
    pub fn title(&self, locale: &str) -> String {
        self.descriptor.title.get(locale).or_else(|| self.descriptor.title.get(crate::FALLBACK_LOCALE)).cloned().unwrap_or_else(|| self.folder.clone())
    }

    /// For an article about `versions`: when every one of them is past Standard support on
    /// `today`, the newest of them, its phase, and the newest version in Standard to upgrade to.
    pub fn upgrade_advice(&self, versions: &[String], today: NaiveDate) -> Option<UpgradeAdvice> {
        let described: Vec<&ProductVersion> = self.descriptor.versions.iter().filter(|v| versions.contains(&v.version)).collect();
        if described.is_empty() || described.iter().any(|v| v.phase_on(today).0 == SupportPhase::Standard) {
            return None;
        }
        let newest = described.iter().max_by_key(|v| v.released)?;
        let (phase, _) = newest.phase_on(today);
        let recommended = self
            .descriptor
            .versions
            .iter()
            .filter(|v| v.released <= today && v.phase_on(today).0 == SupportPhase::Standard)
            .max_by_key(|v| v.released)
            .map(|v| v.version.clone());
        Some(UpgradeAdvice { version: newest.version.clone(), phase, recommended })
    }

    pub fn description(&self, locale: &str) -> String {
        self.descriptor.description.get(locale).or_else(|| self.descriptor.description.get(crate::FALLBACK_LOCALE)).cloned().unwrap_or_default()
    }
}

/// A released version of a module and the dates on which it moves to the next support phase.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProductVersion {
    pub version: String,
    pub released: NaiveDate,
    /// Standard support ends and the End-of-sale phase begins.
    pub end_of_sale: Option<NaiveDate>,
    /// End-of-sale ends and Extended support (best effort) begins.
    pub extended_from: Option<NaiveDate>,
    /// Extended support ends: no support any more.
    pub end_of_support: Option<NaiveDate>,
}

/// An article about versions past Standard support: what to tell its reader.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeAdvice {
    pub version: String,
    pub phase: SupportPhase,
    /// The newest released version in Standard support, if any.
    pub recommended: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportPhase {
    Standard,
    EndOfSale,
    Extended,
    EndOfSupport,
}

impl SupportPhase {
    pub fn key(self) -> &'static str {
        match self {
            SupportPhase::Standard => "standard",
            SupportPhase::EndOfSale => "end-of-sale",
            SupportPhase::Extended => "extended",
            SupportPhase::EndOfSupport => "end-of-support",
        }
    }
}

impl ProductVersion {
    /// The phase on `today`, and the date the next phase starts (if one is planned).
    pub fn phase_on(&self, today: NaiveDate) -> (SupportPhase, Option<NaiveDate>) {
        let steps = [(self.end_of_sale, SupportPhase::Standard), (self.extended_from, SupportPhase::EndOfSale), (self.end_of_support, SupportPhase::Extended)];
        for (ends, phase) in steps {
            match ends {
                Some(date) if today < date => return (phase, Some(date)),
                Some(_) => continue,
                // No date planned yet: the version stays in this phase.
                None => return (phase, None),
            }
        }
        (SupportPhase::EndOfSupport, None)
    }
}

/// A problem in a content file, at its line, as `atrium check-content` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentProblem {
    /// Path relative to the content folder.
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page comes back exactly as it was rendered, whatever its script, and takes less room.
    #[test]
    fn packed_html_unpacks_to_the_same_text() {
        let page = "<h2 id=\"set-up\">Set up</h2><p>パスワードを変更 &amp; été</p>".repeat(50);
        let packed = PackedText::pack(&page);
        assert_eq!(packed.unpack(), page);
        assert!(format!("{packed:?}").len() < 40 && packed.0.len() < page.len() / 4);
        assert_eq!(PackedText::pack("").unpack(), "");
        assert_eq!(PackedText::default().unpack(), "");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn support_phase_follows_the_dates() {
        let v = ProductVersion {
            version: "2025.1".into(),
            released: d("2025-01-15"),
            end_of_sale: Some(d("2025-07-01")),
            extended_from: Some(d("2026-01-01")),
            end_of_support: Some(d("2026-07-01")),
        };
        assert_eq!(v.phase_on(d("2025-03-01")), (SupportPhase::Standard, Some(d("2025-07-01"))));
        assert_eq!(v.phase_on(d("2025-07-01")).0, SupportPhase::EndOfSale);
        assert_eq!(v.phase_on(d("2026-02-01")).0, SupportPhase::Extended);
        assert_eq!(v.phase_on(d("2026-07-01")), (SupportPhase::EndOfSupport, None));
    }

    #[test]
    fn a_version_without_planned_dates_stays_standard() {
        let v = ProductVersion { version: "2026.2".into(), released: d("2026-06-01"), end_of_sale: None, extended_from: None, end_of_support: None };
        assert_eq!(v.phase_on(d("2030-01-01")), (SupportPhase::Standard, None));
    }

    #[test]
    fn articles_about_versions_past_standard_advise_an_upgrade() {
        let v = |version: &str, released: &str, eos: Option<&str>| ProductVersion {
            version: version.into(),
            released: d(released),
            end_of_sale: eos.map(d),
            extended_from: Some(d("2027-01-01")),
            end_of_support: Some(d("2027-06-01")),
        };
        let module = Module { folder: "core-hr".into(), descriptor: serde_yaml_ng::from_str::<ModuleDescriptor>("title: { en: Core HR }").unwrap() };
        let module = Module {
            descriptor: ModuleDescriptor {
                versions: vec![v("2026.2", "2026-09-15", None), v("2026.1", "2026-03-16", Some("2026-09-15")), v("2025.2", "2025-09-15", Some("2026-03-16"))],
                ..module.descriptor
            },
            ..module
        };
        let today = d("2026-11-23");
        let advice = module.upgrade_advice(&["2025.2".into(), "2026.1".into()], today).expect("both past Standard");
        assert_eq!(advice, UpgradeAdvice { version: "2026.1".into(), phase: SupportPhase::EndOfSale, recommended: Some("2026.2".into()) });
        assert_eq!(module.upgrade_advice(&["2026.1".into(), "2026.2".into()], today), None, "still true of a Standard version");
        assert_eq!(module.upgrade_advice(&[], today), None, "an article for every version");
        assert_eq!(module.upgrade_advice(&["2026.1".into()], d("2026-09-14")), None, "before its end of sale");
    }

    #[test]
    fn restricted_articles_need_a_matching_group() {
        let mut a = Article {
            locale: "en".into(),
            module: "m".into(),
            slug: "s".into(),
            translation_key: "s".into(),
            title: "t".into(),
            summary: String::new(),
            tags: vec![],
            updated: d("2026-01-01"),
            order: 1,
            versions: vec![],
            source_updated: None,
            owner: None,
            review_by: None,
            visibility: Visibility::Restricted,
            groups: vec!["payroll-admins".into()],
            html: PackedText::default(),
            toc: vec![],
            plain_text: String::new(),
            source: String::new(),
            tenant: None,
        };
        assert!(!a.readable_by(&Reader::anonymous()));
        assert!(!a.readable_by(&Reader { signed_in: true, groups: vec!["hr".into()], tenant: None }));
        assert!(a.readable_by(&Reader { signed_in: true, groups: vec!["payroll-admins".into()], tenant: None }));
        a.visibility = Visibility::SignedIn;
        assert!(!a.readable_by(&Reader::anonymous()));
        assert!(a.readable_by(&Reader { signed_in: true, groups: vec![], tenant: None }));
    }
}
