//! The pinned tools the app's build needs, installed once per user and version.
//!
//! Cache: `$XDG_CACHE_HOME/email-invoice-portal/tools/<tool>-<version>/`
//! (default `~/.cache/...`). Nothing is downloaded from anywhere but the
//! package registries: trunk and wasm-bindgen-cli come from crates.io, wasm-opt
//! from the npm package `binaryen`, and Trunk runs offline so it never fetches.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{root, run_command, step};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's wasm-opt (108) breaks the bundle; npm's binaryen 132 works.
pub const BINARYEN_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The accessibility checks of the end-to-end tests (npm).
pub const AXE_CORE_VERSION: &str = "4.14.1";

/// Debian's Chromium and its driver, for the browser tests.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub struct Tools {
    pub trunk_bin: PathBuf,
    pub wasm_bindgen_dir: PathBuf,
    pub wasm_opt_dir: PathBuf,
    pub wasm_bindgen_version: String,
}

pub fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| root().join("target"))
        .join("email-invoice-portal")
        .join("tools")
}

/// What `program --version` prints, or None when it cannot run.
pub fn version_output(program: &Path) -> Option<String> {
    let output = Command::new(program).arg("--version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The version of `package` that Cargo.lock resolved.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .with_context(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').context("malformed Cargo.lock")? + start;
    Ok(lock[start..end].to_owned())
}

pub fn cargo_install(krate: &str, version: &str, dir: &Path, locked: bool) -> Result<()> {
    step(&format!(
        "Installing {krate} {version} into {} (once per version)",
        dir.display()
    ));
    let mut command = crate::cargo();
    command
        .args(["install", krate, "--version", version, "--root"])
        .arg(dir);
    if locked {
        command.arg("--locked");
    }
    run_command(&mut command)
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the wasm32 target")?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        step(&format!("Adding the {WASM_TARGET} target"));
        run_command(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

fn ensure_trunk(cache: &Path) -> Result<PathBuf> {
    let dir = cache.join(format!("trunk-{TRUNK_VERSION}"));
    let bin = dir.join("bin/trunk");
    let wanted = format!("trunk {TRUNK_VERSION}");
    if version_output(&bin).is_none_or(|v| v.trim() != wanted) {
        // trunk 0.22 needs a newer rustc; 0.21.14 with its lock file builds here.
        cargo_install("trunk", TRUNK_VERSION, &dir, true)?;
    }
    Ok(bin)
}

fn ensure_wasm_bindgen(cache: &Path, version: &str) -> Result<PathBuf> {
    let dir = cache.join(format!("wasm-bindgen-cli-{version}"));
    let bin = dir.join("bin/wasm-bindgen");
    let wanted = format!("wasm-bindgen {version}");
    if version_output(&bin).is_none_or(|v| !v.trim().starts_with(&wanted)) {
        // Not --locked: one locked dependency is missing from the registry mirror.
        cargo_install("wasm-bindgen-cli", version, &dir, false)?;
    }
    Ok(dir.join("bin"))
}

fn ensure_wasm_opt(cache: &Path) -> Result<PathBuf> {
    let dir = cache.join(format!("binaryen-{BINARYEN_VERSION}"));
    let bin_dir = dir.join("node_modules/.bin");
    let wanted = format!("version {BINARYEN_VERSION}");
    if version_output(&bin_dir.join("wasm-opt")).is_none_or(|v| !v.contains(&wanted)) {
        npm_install("binaryen", BINARYEN_VERSION, &dir)?;
    }
    Ok(bin_dir)
}

/// Installs `package@version` from npm into `dir` (its own node_modules).
pub fn npm_install(package: &str, version: &str, dir: &Path) -> Result<()> {
    step(&format!(
        "Installing {package}@{version} (npm) into {} (once per version)",
        dir.display()
    ));
    if Command::new("npm").arg("--version").output().is_err() {
        bail!("npm is needed to install {package}@{version}; install Node.js and npm");
    }
    std::fs::create_dir_all(dir)?;
    run_command(
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(dir)
            .arg(format!("{package}@{version}")),
    )
}

/// axe-core for the end-to-end tests: installed from npm when missing;
/// returns its `axe.min.js`.
pub fn ensure_axe_core() -> Result<PathBuf> {
    let dir = cache_dir().join(format!("axe-core-{AXE_CORE_VERSION}"));
    let script = dir.join("node_modules/axe-core/axe.min.js");
    let installed = || {
        let package = std::fs::read_to_string(dir.join("node_modules/axe-core/package.json"));
        script.is_file()
            && package.is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")))
    };
    if !installed() {
        npm_install("axe-core", AXE_CORE_VERSION, &dir)?;
        if !installed() {
            bail!(
                "npm installed axe-core@{AXE_CORE_VERSION}, but {} is missing",
                script.display()
            );
        }
    }
    Ok(script)
}

pub fn ensure() -> Result<Tools> {
    let cache = cache_dir();
    ensure_wasm_target()?;
    let wasm_bindgen_version = locked_version("wasm-bindgen")?;
    Ok(Tools {
        trunk_bin: ensure_trunk(&cache)?,
        wasm_bindgen_dir: ensure_wasm_bindgen(&cache, &wasm_bindgen_version)?,
        wasm_opt_dir: ensure_wasm_opt(&cache)?,
        wasm_bindgen_version,
    })
}

impl Tools {
    /// A `trunk` command that finds the pinned wasm-bindgen and wasm-opt on
    /// PATH and never goes online.
    pub fn trunk(&self) -> Command {
        let mut command = Command::new(&self.trunk_bin);
        command
            .env("PATH", self.path())
            .env("TRUNK_OFFLINE", "true");
        command
    }

    /// PATH with the pinned tools first.
    pub fn path(&self) -> std::ffi::OsString {
        let mut dirs = vec![self.wasm_bindgen_dir.clone(), self.wasm_opt_dir.clone()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).expect("tool paths contain no separator")
    }

    /// Trunk.toml must name the wasm-bindgen that Cargo.lock resolved, or
    /// Trunk would try to download another one.
    pub fn check_pins(&self) -> Result<()> {
        let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))?;
        let pinned = format!("wasm_bindgen = \"{}\"", self.wasm_bindgen_version);
        if !trunk_toml.contains(&pinned) {
            bail!(
                "Trunk.toml must pin {pinned} to match Cargo.lock (wasm-bindgen {})",
                self.wasm_bindgen_version
            );
        }
        let wasm_opt = format!("wasm_opt = \"version_{BINARYEN_VERSION}\"");
        if !trunk_toml.contains(&wasm_opt) {
            bail!("Trunk.toml must pin {wasm_opt}");
        }
        Ok(())
    }

    pub fn print(&self) {
        println!("trunk         {}", self.trunk_bin.display());
        println!(
            "wasm-bindgen  {} ({})",
            self.wasm_bindgen_dir.display(),
            self.wasm_bindgen_version
        );
        println!("wasm-opt      {}", self.wasm_opt_dir.display());
    }
}

/// Chromium and chromedriver from Debian's packages, for the browser tests:
/// installed with apt-get when running as root, else a message says what to do.
pub fn ensure_browser() -> Result<()> {
    let present = |p: &str| Path::new(p).is_file();
    if present(CHROMIUM) && present(CHROMEDRIVER) {
        return Ok(());
    }
    let uid = Command::new("id").arg("-u").output().ok();
    let is_root = uid.is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        bail!(
            "the browser tests need Debian's Chromium and ChromeDriver; install them with\n    sudo apt-get install chromium chromium-driver"
        );
    }
    step("Installing chromium and chromium-driver (apt-get)");
    run_command(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    run_command(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if !(present(CHROMIUM) && present(CHROMEDRIVER)) {
        bail!("apt-get installed chromium and chromium-driver, but {CHROMIUM} or {CHROMEDRIVER} is missing");
    }
    Ok(())
}
