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
///
/// Two runs may start on a new store at once (a scheduler, two people):
/// each writes its key to a file of its own and links it in under the
/// key's name, which fails when a key is there already; the one that loses
/// uses the key that won. So a store only ever has one key, and no run
/// reads a key that is not written in full.
pub fn person_key(dir: &Path) -> Result<PersonKey, StoreError> {
    private_dir(dir)?;
    let path = dir.join(KEY_FILE);
    match read_key(&path)? {
        Some(key) => Ok(key),
        None => {
            let key = super::run_key()?;
            let hex = crate::core::hash::hex(key.bytes());
            if write_private(&path, &format!("{hex}\n"))? {
                Ok(key)
            } else {
                read_key(&path)?
                    .ok_or_else(|| StoreError::io(&path, std::io::ErrorKind::NotFound.into()))
            }
        }
    }
}

/// The key in `path`, or None when there is no such file.
fn read_key(path: &Path) -> Result<Option<PersonKey>, StoreError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(text.trim())
            .map(Some)
            .ok_or_else(|| StoreError::BadKey {
                path: path.display().to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
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
/// cut key under its name: to a file of this process's own, then linked
/// in under the key's name. False (and nothing written) when a key is
/// there already: another run made it first.
fn write_private(path: &Path, text: &str) -> Result<bool, StoreError> {
    // A name no other run, nor another thread of this one, writes.
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let partial = path.with_extension(format!("key.{}-{n}.partial", std::process::id()));
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
    // A hard link is made whole or not at all, and never over a file.
    let won = match std::fs::hard_link(&partial, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // A file system without hard links (FAT on a USB stick, say):
        // renamed in, as before, when no key is there yet.
        Err(_) if !path.exists() => {
            return std::fs::rename(&partial, path).map(|()| true).map_err(io);
        }
        Err(_) => Ok(false),
    };
    let _ = std::fs::remove_file(&partial);
    won
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
    fn runs_starting_on_a_new_store_at_once_share_one_key() {
        // Eight at once on an empty folder (tests/bad.rs once raced like
        // this on the default store): every one gets the key that won,
        // none fails, and no partial file is left.
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let store = dir.path().join("store");
            let keys: Vec<PersonKey> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..8).map(|_| s.spawn(|| person_key(&store))).collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap().unwrap())
                    .collect()
            });
            assert!(keys.iter().all(|k| *k == keys[0]));
            assert_eq!(person_key(&store).unwrap(), keys[0]);
            let files: Vec<_> = std::fs::read_dir(&store)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            assert_eq!(files, [KEY_FILE]);
        }
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
