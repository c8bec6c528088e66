//! The store folder's private parts: the folder itself, readable by its
//! owner only, and the person key in it.

use std::path::Path;

use super::StoreError;
use crate::core::PersonKey;

/// The person key's file in a store folder.
const KEY_FILE: &str = "person.key";

/// Creates `dir` (and its parents) if needed; on Unix, makes it readable
/// by its owner only.
pub(super) fn private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| StoreError::io(dir, e))?;
    }
    Ok(())
}

/// The person key kept in the store folder `dir`, made at random (from the
/// operating system's generator) on first use and written readable by its
/// owner only. It is never written anywhere else.
pub fn person_key(dir: &Path) -> Result<PersonKey, StoreError> {
    private_dir(dir)?;
    let path = dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(text.trim()).ok_or_else(|| StoreError::BadKey {
            path: path.display().to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = super::run_key()?;
            let hex: String = key.bytes().iter().map(|b| format!("{b:02x}")).collect();
            write_private(&path, &format!("{hex}\n"))?;
            Ok(key)
        }
        Err(e) => Err(StoreError::io(&path, e)),
    }
}

fn parse(hex: &str) -> Option<PersonKey> {
    if hex.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(PersonKey::new(bytes))
}

/// Writes the key file, readable by its owner only, without ever leaving a
/// cut key under its name (a partial file renamed).
fn write_private(path: &Path, text: &str) -> Result<(), StoreError> {
    let partial = path.with_extension("key.partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let io = |e| StoreError::io(path, e);
    {
        use std::io::Write;
        let mut f = options.open(&partial).map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&partial, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_kept_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let a = person_key(&store).unwrap();
        let b = person_key(&store).unwrap();
        assert_eq!(a, b, "the second run reads the key the first made");
        let text = std::fs::read_to_string(store.join(KEY_FILE)).unwrap();
        assert_eq!(text.trim().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&store.join(KEY_FILE)), 0o600);
            assert_eq!(mode(&store), 0o700);
        }
        // Another folder, another key.
        assert_ne!(a, person_key(&dir.path().join("other")).unwrap());
    }

    #[test]
    fn a_damaged_key_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "not a key\n").unwrap();
        let e = person_key(dir.path()).unwrap_err().to_string();
        assert!(e.contains("person.key is damaged"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap(),
            "not a key\n"
        );
    }
}
