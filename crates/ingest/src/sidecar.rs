//! `metadata.jsonl` sidecars: metadata for the files of a folder, keyed by relative path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::source::SIDECAR;

/// The sidecar lines that apply to source files, found in the folders being ingested.
#[derive(Debug, Default)]
pub struct Sidecars {
    /// Folder of a sidecar → (path relative to that folder → its fields).
    by_folder: HashMap<PathBuf, HashMap<String, Map<String, Value>>>,
}

impl Sidecars {
    /// Reads the sidecar in `folder`, if there is one; each line is a JSON object with a `path`.
    pub fn load_folder(&mut self, folder: &Path) -> Result<(), IngestError> {
        if self.by_folder.contains_key(folder) {
            return Ok(());
        }
        let path = folder.join(SIDECAR);
        let mut entries = HashMap::new();
        if path.is_file() {
            let sidecar_error = |reason: String| IngestError::Sidecar {
                path: path.clone(),
                reason,
            };
            let text =
                std::fs::read_to_string(&path).map_err(|error| sidecar_error(error.to_string()))?;
            for (index, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let value: Value = serde_json::from_str(line)
                    .map_err(|error| sidecar_error(format!("line {}: {error}", index + 1)))?;
                let Value::Object(mut fields) = value else {
                    return Err(sidecar_error(format!(
                        "line {}: not a JSON object",
                        index + 1
                    )));
                };
                let Some(Value::String(relative)) = fields.remove("path") else {
                    return Err(sidecar_error(format!("line {}: no \"path\"", index + 1)));
                };
                entries.insert(relative, fields);
            }
        }
        self.by_folder.insert(folder.to_owned(), entries);
        Ok(())
    }

    /// Loads the sidecars of `file`'s folder and of every folder above it up to `root`.
    pub fn load_for(&mut self, file: &Path, root: &Path) -> Result<(), IngestError> {
        for folder in file.ancestors().skip(1) {
            self.load_folder(folder)?;
            if folder == root || !folder.starts_with(root) {
                break;
            }
        }
        Ok(())
    }

    /// The fields a sidecar gives for `file` (the nearest sidecar that names it), if any.
    pub fn fields_for(&self, file: &Path) -> Option<&Map<String, Value>> {
        file.ancestors().skip(1).find_map(|folder| {
            let entries = self.by_folder.get(folder)?;
            let relative = file.strip_prefix(folder).ok()?;
            let key = relative
                .components()
                .map(|component| component.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            entries.get(&key)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_sidecar_names_the_file_by_its_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        let laws = dir.path().join("laws");
        std::fs::create_dir_all(laws.join("行政法规")).unwrap();
        std::fs::write(
            laws.join(SIDECAR),
            "{\"path\": \"行政法规/某条例.md\", \"expired\": true}\n",
        )
        .unwrap();
        let file = laws.join("行政法规/某条例.md");
        let mut sidecars = Sidecars::default();
        sidecars.load_for(&file, dir.path()).unwrap();
        let fields = sidecars.fields_for(&file).expect("sidecar applies");
        assert_eq!(fields["expired"], true);
        assert!(sidecars.fields_for(&laws.join("其他.md")).is_none());
    }

    #[test]
    fn a_broken_sidecar_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SIDECAR), "{\"path\": \"a.md\"}\n{oops\n").unwrap();
        let error = Sidecars::default().load_folder(dir.path()).unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }
}
