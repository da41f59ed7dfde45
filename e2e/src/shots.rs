//! The documentation screenshots: the walkthrough of [`crate::steps`] in each
//! language and theme, with a full 1366x786 PNG at each step and a cropped
//! PNG of the control the step names, outlined. Reproducible byte for byte:
//! frozen clock, a fixed sandbox reset first, fonts loaded, no animation,
//! transition or caret, toasts hidden, the DOM at rest before each capture.
//!
//! ```text
//! OUT/en-US/light/05-email-invoice.png          the page
//! OUT/en-US/light/05-email-invoice-control.png  the control, outlined
//! OUT/manifest.json  OUT/index.md
//! ```

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::browser::{Browser, Control, HEIGHT, WIDTH};
use crate::harness::{Env, CLOCK};
use crate::messages::Messages;
use crate::steps::{self, Hook, Locale, Step, Theme, STEPS};
use shared::api::paths;

/// Space around the control in its cropped image, in pixels.
const MARGIN: i64 = 24;
/// The outline drawn around the control: a magenta no theme of the app uses.
const HIGHLIGHT: [u8; 4] = [0xE3, 0x00, 0x8C, 0xFF];
const HIGHLIGHT_WIDTH: i64 = 3;
const HIGHLIGHT_GAP: i64 = 3;

pub struct Options {
    pub langs: Vec<Locale>,
    pub themes: Vec<Theme>,
    pub out: PathBuf,
    pub progress: bool,
}

#[derive(Debug, Serialize)]
pub struct Shot {
    pub lang: &'static str,
    pub theme: &'static str,
    pub step: u8,
    /// The article's label of the step, in this language.
    pub label: &'static str,
    /// What the step asks the user to do, in this language.
    pub text: String,
    /// Paths relative to the output folder, with `/`.
    pub page: String,
    pub control: String,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub clock: &'static str,
    pub width: u32,
    pub height: u32,
    pub shots: Vec<Shot>,
}

struct Capture<'a> {
    out: &'a Path,
    messages: Messages,
    lang: Locale,
    theme: Theme,
    shots: Vec<Shot>,
    bar: &'a ProgressBar,
}

impl Hook for Capture<'_> {
    async fn at(&mut self, b: &Browser, step: &'static Step, control: &Control) -> Result<()> {
        b.settle().await?;
        let page = b.client.screenshot().await?;
        let rect = b.viewport_rect(&control.element).await?;
        let dir = format!("{}/{}", self.lang.tag(), self.theme.name());
        let stem = format!("{:02}-{}", step.number, step.slug);
        let page_rel = format!("{dir}/{stem}.png");
        let control_rel = format!("{dir}/{stem}-control.png");
        let cropped = crop_with_highlight(&page, rect)
            .with_context(|| format!("cropping {}", control.description))?;
        std::fs::write(self.out.join(&page_rel), &page)?;
        std::fs::write(self.out.join(&control_rel), cropped)?;
        self.shots.push(Shot {
            lang: self.lang.tag(),
            theme: self.theme.name(),
            step: step.number,
            label: step.label(self.lang),
            text: step.instruction(&self.messages),
            page: page_rel,
            control: control_rel,
        });
        self.bar.inc(1);
        Ok(())
    }
}

/// Makes the whole set; returns its manifest (also written to OUT).
pub async fn capture(env: &Env, options: &Options) -> Result<Manifest> {
    let total = (options.langs.len() * options.themes.len() * STEPS.len()) as u64;
    let bar = if options.progress {
        ProgressBar::new(total)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {msg} ({elapsed})")
            .expect("a valid template"),
    );
    let mut shots = Vec::new();
    for &lang in &options.langs {
        for &theme in &options.themes {
            bar.set_message(format!("{} {}", lang.tag(), theme.name()));
            let dir = options.out.join(lang.tag()).join(theme.name());
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            std::fs::create_dir_all(&dir)?;
            let sandbox = format!("screenshots-{}-{}", lang.tag(), theme.name());
            env.api(&sandbox).call("POST", paths::ADMIN_RESET, None)?;
            let name = format!("screenshots-{}-{}", lang.tag(), theme.name());
            let browser = env.browser(&name, &sandbox, lang, theme).await?;
            let mut hook = Capture {
                out: &options.out,
                messages: Messages::new(lang),
                lang,
                theme,
                shots: Vec::new(),
                bar: &bar,
            };
            let result = steps::walkthrough(&browser, &mut hook).await;
            shots.append(&mut hook.shots);
            if let Err(error) = result {
                let (png, txt) = browser.save_failure().await;
                bar.abandon();
                bail!(
                    "{error:#}\n  screenshot: {}\n  page text:  {}",
                    png.display(),
                    txt.display()
                );
            }
            let _ = browser.client.clone().close().await;
        }
    }
    bar.finish_with_message("done");
    let manifest = Manifest {
        clock: CLOCK,
        width: WIDTH,
        height: HEIGHT,
        shots,
    };
    std::fs::write(
        options.out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    std::fs::write(options.out.join("index.md"), index_md(&manifest))?;
    Ok(manifest)
}

fn index_md(manifest: &Manifest) -> String {
    let mut md = String::from("# Screenshots of the walkthrough\n\n");
    md.push_str(&format!(
        "Made by `cargo xtask screenshots` at {}x{} with the server's clock frozen at {}. \
         Each step has the page as it is just before the step, and the control it names, outlined.\n",
        manifest.width, manifest.height, manifest.clock
    ));
    let mut current = None;
    for shot in &manifest.shots {
        if current != Some((shot.lang, shot.theme)) {
            current = Some((shot.lang, shot.theme));
            md.push_str(&format!("\n## {}, {} theme\n", shot.lang, shot.theme));
        }
        md.push_str(&format!(
            "\n### {}. {}\n\n{}\n\n![{} ({}, {})]({})\n\n![{}: the control]({})\n",
            shot.step,
            shot.label,
            shot.text,
            shot.label,
            shot.lang,
            shot.theme,
            shot.page,
            shot.label,
            shot.control
        ));
    }
    md
}

/// Cuts the control (with a margin) out of a full screenshot and draws an
/// outline around it.
pub fn crop_with_highlight(page_png: &[u8], rect: (f64, f64, f64, f64)) -> Result<Vec<u8>> {
    let decoder = png::Decoder::new(std::io::Cursor::new(page_png));
    let mut reader = decoder.read_info()?;
    let mut buffer = vec![0; reader.output_buffer_size().context("image too large")?];
    let info = reader.next_frame(&mut buffer)?;
    if info.bit_depth != png::BitDepth::Eight {
        bail!("unexpected bit depth {:?}", info.bit_depth);
    }
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => bail!("unexpected colour type {other:?}"),
    };
    let (width, height) = (i64::from(info.width), i64::from(info.height));
    let pixel = |x: i64, y: i64| -> [u8; 4] {
        let i = ((y * width + x) as usize) * channels;
        let p = &buffer[i..i + channels];
        [p[0], p[1], p[2], if channels == 4 { p[3] } else { 0xFF }]
    };
    let (x, y, w, h) = (
        rect.0.floor() as i64,
        rect.1.floor() as i64,
        rect.2.ceil() as i64,
        rect.3.ceil() as i64,
    );
    let left = (x - MARGIN).clamp(0, width - 1);
    let top = (y - MARGIN).clamp(0, height - 1);
    let right = (x + w + MARGIN).clamp(left + 1, width);
    let bottom = (y + h + MARGIN).clamp(top + 1, height);
    let (cw, ch) = (right - left, bottom - top);
    // The outline: a band HIGHLIGHT_WIDTH wide, HIGHLIGHT_GAP outside the box.
    let (ol, ot) = (
        x - HIGHLIGHT_GAP - HIGHLIGHT_WIDTH,
        y - HIGHLIGHT_GAP - HIGHLIGHT_WIDTH,
    );
    let (or, ob) = (
        x + w + HIGHLIGHT_GAP + HIGHLIGHT_WIDTH,
        y + h + HIGHLIGHT_GAP + HIGHLIGHT_WIDTH,
    );
    let on_outline = |px: i64, py: i64| {
        let outer = px >= ol && px < or && py >= ot && py < ob;
        let inner = px >= ol + HIGHLIGHT_WIDTH
            && px < or - HIGHLIGHT_WIDTH
            && py >= ot + HIGHLIGHT_WIDTH
            && py < ob - HIGHLIGHT_WIDTH;
        outer && !inner
    };
    let mut out = Vec::with_capacity((cw * ch * 4) as usize);
    for py in top..bottom {
        for px in left..right {
            out.extend_from_slice(&if on_outline(px, py) {
                HIGHLIGHT
            } else {
                pixel(px, py)
            });
        }
    }
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, cw as u32, ch as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&out)?;
    }
    Ok(png_bytes)
}

/// Parses `en-US,nl-NL`.
pub fn parse_langs(list: &str) -> Result<Vec<Locale>> {
    list.split(',')
        .map(|tag| {
            Locale::from_tag(tag.trim())
                .with_context(|| format!("unknown language {tag:?} (en-US or nl-NL)"))
        })
        .collect()
}

/// Parses `light,dark`.
pub fn parse_themes(list: &str) -> Result<Vec<Theme>> {
    list.split(',')
        .map(|name| {
            Theme::from_name(name.trim())
                .with_context(|| format!("unknown theme {name:?} (light or dark)"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let data: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
        {
            let mut encoder = png::Encoder::new(&mut bytes, width, height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&data).unwrap();
        }
        bytes
    }

    #[test]
    fn crops_around_the_control_and_outlines_it() {
        let page = png_of(200, 100, [10, 20, 30]);
        let cropped = crop_with_highlight(&page, (50.0, 40.0, 20.0, 10.0)).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(&cropped[..]))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (20 + 2 * 24, 10 + 2 * 24));
        let at = |x: usize, y: usize| &buf[(y * info.width as usize + x) * 4..][..4];
        assert_eq!(at(0, 0), [10, 20, 30, 255]);
        // The outline's top-left corner: MARGIN - GAP - WIDTH from the edge.
        assert_eq!(at(18, 18), HIGHLIGHT);
        // Inside the control: the page.
        assert_eq!(at(30, 30), [10, 20, 30, 255]);
        // The same input gives the same bytes.
        assert_eq!(
            cropped,
            crop_with_highlight(&page, (50.0, 40.0, 20.0, 10.0)).unwrap()
        );
    }

    #[test]
    fn a_control_at_the_edge_is_clamped() {
        let page = png_of(100, 50, [0, 0, 0]);
        assert!(crop_with_highlight(&page, (-10.0, 45.0, 30.0, 20.0)).is_ok());
    }

    #[test]
    fn parses_lists() {
        assert_eq!(parse_langs("en-US, nl-NL").unwrap(), Locale::ALL);
        assert_eq!(parse_themes("dark").unwrap(), [Theme::Dark]);
        assert!(parse_langs("fr-FR").is_err());
    }
}
