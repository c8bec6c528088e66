//! JSON: validation.json (every return read, its status, rows and issues)
//! and manifest.json (what a run was made from and what it made).

use crate::config::ConfigFile;
use crate::contract::ReturnReport;
use crate::core::hash::sha256_hex;
use crate::ingest::InputFile;
use crate::output::Artefact;

/// `{"returns": [...]}`: every return read, its status, rows and issues.
pub fn validation(returns: &[ReturnReport]) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Validation<'a> {
        returns: &'a [ReturnReport],
    }
    serde_json::to_string_pretty(&Validation { returns })
}

/// manifest.json (pretty JSON with a final newline): `about`'s own fields,
/// then what the run was made from and what it made, each with its sha256:
/// every input file, every config file, every output in `outputs`.
pub fn manifest(
    mut about: serde_json::Value,
    inputs: &[InputFile],
    config: &[ConfigFile],
    outputs: &[Artefact],
) -> Result<Vec<u8>, serde_json::Error> {
    let outputs: Vec<serde_json::Value> = outputs
        .iter()
        .map(|a| {
            serde_json::json!({
                "path": a.path,
                "bytes": a.bytes.len(),
                "sha256": sha256_hex(&a.bytes),
            })
        })
        .collect();
    if let Some(m) = about.as_object_mut() {
        m.insert("inputs".into(), serde_json::to_value(inputs)?);
        m.insert("config".into(), serde_json::to_value(config)?);
        m.insert("outputs".into(), serde_json::Value::Array(outputs));
    }
    let mut bytes = serde_json::to_vec_pretty(&about)?;
    bytes.push(b'\n');
    Ok(bytes)
}
