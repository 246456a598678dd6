//! The committed `include/phiredact.h` must be exactly what cbindgen generates from this
//! crate (cbindgen is a pinned dev-dependency, so Cargo.lock fixes the generator).

use std::path::Path;

#[test]
fn header_is_fresh() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header = crate_dir.join("../../include/phiredact.h");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("crates/phiredact-ffi/cbindgen.toml parses");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let committed = std::fs::read(&header).unwrap_or_default();
    if generated != committed {
        let tmp = std::env::temp_dir().join("phiredact.generated.h");
        let _ = std::fs::write(&tmp, &generated);
        panic!(
            "include/phiredact.h is stale (fresh copy in {}). Regenerate it from the \
             workspace root with:\n  cbindgen --config crates/phiredact-ffi/cbindgen.toml \
             --crate phiredact-ffi --output include/phiredact.h",
            tmp.display()
        );
    }
}
