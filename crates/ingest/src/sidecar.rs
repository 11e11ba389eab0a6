//! `metadata.jsonl` sidecars: metadata for the files of a folder, keyed by relative path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{FileError, FileErrorKind, RecordError};
use crate::json::json_object;
use crate::source::SIDECAR;

/// The sidecar lines that apply to source files, found in the folders being ingested.
#[derive(Debug, Default)]
pub struct Sidecars {
    /// Folder of a sidecar → (path relative to that folder → its fields).
    by_folder: HashMap<PathBuf, HashMap<String, Map<String, Value>>>,
}

impl Sidecars {
    /// Reads the sidecar in `folder`, if there is one and it was not read before; each line is
    /// a JSON object with a `path`. A line that is not is left out and reported with its line
    /// number, and an unreadable sidecar is reported: the other lines and files still apply.
    pub fn load_folder(&mut self, folder: &Path) -> Vec<FileError> {
        if self.by_folder.contains_key(folder) {
            return Vec::new();
        }
        let path = folder.join(SIDECAR);
        let (entries, kinds) = if path.is_file() {
            match std::fs::read(&path).map(String::from_utf8) {
                Ok(Ok(text)) => parse_sidecar(&text),
                Ok(Err(_)) => (HashMap::new(), vec![FileErrorKind::Encoding]),
                Err(error) => (HashMap::new(), vec![FileErrorKind::from(error)]),
            }
        } else {
            (HashMap::new(), Vec::new())
        };
        self.by_folder.insert(folder.to_owned(), entries);
        kinds
            .into_iter()
            .map(|kind| FileError {
                path: path.clone(),
                kind,
            })
            .collect()
    }

    /// Loads the sidecars of `file`'s folder and of every folder above it up to `root`, and
    /// returns the problems of those read for the first time.
    pub fn load_for(&mut self, file: &Path, root: &Path) -> Vec<FileError> {
        let mut errors = Vec::new();
        for folder in file.ancestors().skip(1) {
            errors.extend(self.load_folder(folder));
            if folder == root || !folder.starts_with(root) {
                break;
            }
        }
        errors
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

/// The entries of one sidecar's text by relative path, and the problems of its lines.
pub fn parse_sidecar(text: &str) -> (HashMap<String, Map<String, Value>>, Vec<FileErrorKind>) {
    let mut entries = HashMap::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry = json_object(line).and_then(|mut fields| match fields.remove("path") {
            Some(Value::String(relative)) => Ok((relative, fields)),
            _ => Err(RecordError::NoPath),
        });
        match entry {
            Ok((relative, fields)) => {
                entries.insert(relative, fields);
            }
            Err(error) => errors.push(FileErrorKind::Json {
                line: index + 1,
                error,
            }),
        }
    }
    (entries, errors)
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
        assert!(sidecars.load_for(&file, dir.path()).is_empty());
        let fields = sidecars.fields_for(&file).expect("sidecar applies");
        assert_eq!(fields["expired"], true);
        assert!(sidecars.fields_for(&laws.join("其他.md")).is_none());
    }

    #[test]
    fn a_broken_line_is_reported_with_its_number_and_the_other_lines_apply() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SIDECAR),
            "{\"path\": \"a.md\", \"expired\": true}\n{oops\n[]\n{\"title\": \"无路径\"}\n\
             {\"path\": \"b.md\", \"expired\": false}\n",
        )
        .unwrap();
        let mut sidecars = Sidecars::default();
        let errors = sidecars.load_folder(dir.path());
        let lines: Vec<(usize, &RecordError)> = errors
            .iter()
            .map(|error| {
                assert_eq!(error.path, dir.path().join(SIDECAR));
                match &error.kind {
                    FileErrorKind::Json { line, error } => (*line, error),
                    other => panic!("unexpected {other:?}"),
                }
            })
            .collect();
        assert!(
            matches!(
                lines[..],
                [
                    (2, RecordError::Syntax(_)),
                    (3, RecordError::NotAnObject),
                    (4, RecordError::NoPath)
                ]
            ),
            "{lines:?}"
        );
        assert_eq!(errors[0].to_string().split(": ").nth(1), Some("line 2"));
        for (name, expired) in [("a.md", true), ("b.md", false)] {
            let fields = sidecars.fields_for(&dir.path().join(name)).expect(name);
            assert_eq!(fields["expired"], expired);
        }
        // Read once: a second file of the folder does not report the same lines again.
        assert!(sidecars.load_folder(dir.path()).is_empty());
    }
}
