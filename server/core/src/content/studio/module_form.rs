//! The module editor's form: a module's title and description in each language, its place among
//! the modules and its icon. Saving writes them into the module's descriptor file, every other key
//! it holds (product versions, ticket fields, turnaround) kept as it was, and checks the result
//! with the content folder's own reader.

use super::super::{loader, ContentStore, MODULES_FOLDER};
use crate::form::FieldError;
use serde::{Deserialize, Serialize};
use serde_yaml_ng::{Mapping, Value};

/// One language's title and description of a module.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModuleText {
    pub language: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModuleForm {
    pub folder: String,
    /// The revision this edit started from (0: the folder's file).
    pub base: i64,
    pub order: String,
    pub icon: String,
    /// One per language the help centre has content in, English first.
    pub texts: Vec<ModuleText>,
}

/// `_modules/<folder>.yml`, where a module's descriptor lives.
pub fn module_path(folder: &str) -> String {
    format!("{MODULES_FOLDER}/{folder}.yml")
}

/// The module folder named by a descriptor's path, if it is one: a name of lower-case letters,
/// digits and dashes, so no path from a form leads out of the content folder.
pub fn split_module_path(path: &str) -> Option<&str> {
    let folder = path.strip_prefix(MODULES_FOLDER)?.strip_prefix('/')?.strip_suffix(".yml")?;
    (!folder.is_empty() && folder.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')).then_some(folder)
}

fn text_of(map: &Mapping, key: &str, language: &str) -> String {
    map.get(key).and_then(Value::as_mapping).and_then(|m| m.get(language)).and_then(Value::as_str).unwrap_or_default().to_string()
}

impl ModuleForm {
    pub fn path(&self) -> String {
        module_path(&self.folder)
    }

    /// The form for a descriptor's text, with a title and description for each of `languages`.
    pub fn from_text(path: &str, text: &str, base: i64, languages: &[String]) -> Option<ModuleForm> {
        let folder = split_module_path(path)?;
        let map: Mapping = serde_yaml_ng::from_str(text).ok()?;
        let texts = languages
            .iter()
            .map(|l| ModuleText { language: l.clone(), title: text_of(&map, "title", l), description: text_of(&map, "description", l) })
            .collect();
        let order = map.get("order").and_then(Value::as_i64).map(|o| o.to_string()).unwrap_or_default();
        let icon = map.get("icon").and_then(Value::as_str).unwrap_or_default().to_string();
        Some(ModuleForm { folder: folder.to_string(), base, order, icon, texts })
    }

    /// The descriptor's new text, made from `current` (the text this edit started from) with the
    /// form's values, or every problem next to its field.
    pub fn check(&self, current: &str) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut map: Mapping = serde_yaml_ng::from_str(current).map_err(|e| vec![FieldError::with_detail("action", "invalid-module", &e.to_string())])?;
        if self.texts.iter().find(|t| t.language == crate::FALLBACK_LOCALE).is_none_or(|t| t.title.trim().is_empty()) {
            errors.push(FieldError::new(&format!("title_{}", crate::FALLBACK_LOCALE), "required"));
        }
        let order = match self.order.trim().parse::<i64>() {
            Ok(o) if (-10_000..=10_000).contains(&o) => Some(o),
            _ => {
                errors.push(FieldError::new("order", "number"));
                None
            }
        };
        if !self.icon.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            errors.push(FieldError::new("icon", "invalid"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // The form's languages are set, or left out when empty so that their readers get the
        // English text; a language the form did not show keeps what it had.
        let per_language = |key: &str, pick: fn(&ModuleText) -> &str| {
            let mut m = map.get(key).and_then(Value::as_mapping).cloned().unwrap_or_default();
            for t in &self.texts {
                let language = Value::String(t.language.clone());
                match pick(t).trim() {
                    "" => m.remove(&language),
                    text => m.insert(language, Value::String(text.to_string())),
                };
            }
            Value::Mapping(m)
        };
        let (titles, descriptions) = (per_language("title", |t| &t.title), per_language("description", |t| &t.description));
        map.insert("title".into(), titles);
        map.insert("description".into(), descriptions);
        map.insert("order".into(), Value::Number(order.unwrap_or_default().into()));
        if self.icon.trim().is_empty() {
            map.remove("icon");
        } else {
            map.insert("icon".into(), Value::String(self.icon.trim().to_string()));
        }
        let text = serde_yaml_ng::to_string(&map).map_err(|e| vec![FieldError::with_detail("action", "invalid-module", &e.to_string())])?;
        match loader::read_module(&self.folder, &self.path(), &text) {
            Ok(_) => Ok(text),
            Err(problem) => Err(vec![FieldError::with_detail("action", "invalid-module", &problem.message)]),
        }
    }

    /// Whether `store` has this module: only existing modules are edited here.
    pub fn exists(&self, store: &ContentStore) -> bool {
        store.module(&self.folder).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_form_changes_titles_and_descriptions_and_keeps_every_other_key() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let current = std::fs::read_to_string(root.join("_modules/compensation.yml")).unwrap();
        let languages: Vec<String> = ["en", "fr", "nl"].map(String::from).to_vec();
        let mut form = ModuleForm::from_text("_modules/compensation.yml", &current, 0, &languages).unwrap();
        assert_eq!((form.order.as_str(), form.icon.as_str(), form.texts[1].title.as_str()), ("5", "coins", "Rémunération"));
        form.texts[1].description = "Primes et paie.".into();
        form.texts[2].description = String::new();
        let text = form.check(&current).unwrap();
        let module = loader::read_module("compensation", "_modules/compensation.yml", &text).unwrap();
        let before = loader::read_module("compensation", "_modules/compensation.yml", &current).unwrap();
        assert_eq!(module.descriptor.description.get("fr").map(String::as_str), Some("Primes et paie."));
        assert_eq!(module.descriptor.description.get("de"), before.descriptor.description.get("de"), "a language the form did not show is kept");
        assert_eq!(module.descriptor.ticket_fields, before.descriptor.ticket_fields);
        assert_eq!(module.descriptor.versions.len(), before.descriptor.versions.len());

        // English is required, the position is a number, the icon a plain name.
        form.texts[0].title = " ".into();
        form.order = "first".into();
        form.icon = "<svg>".into();
        let fields: Vec<String> = form.check(&current).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title_en", "order", "icon"]);
        assert_eq!(split_module_path("_modules/../x.yml"), None);
        assert_eq!(split_module_path("_modules/core-hr.yml"), Some("core-hr"));
    }
}
