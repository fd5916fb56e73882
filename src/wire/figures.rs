//! The figures' inputs on the wire: which [`Figure`] and its [`FigureOptions`] (neuron total, per-sweep
//! display names and highlights, high contrast, background), so a worker draws what the page shows.
//!
//! Owns: their tags. `Figure`: 0 Ranked, 1 Counts, 2 PngCounts. `Highlight`: 0 Notebook, 1 Off,
//! 2 Index(k). `Background`: 0 White, 1 Transparent. Panels go as a list of (hparam, options) in key order.

use super::{Reader, Wire, WireError, Writer};
use crate::figures::{Background, Figure, FigureOptions, Highlight, PanelOptions};

impl Wire for Figure {
    fn put(&self, w: &mut Writer) {
        w.tag(match self {
            Figure::Ranked => 0,
            Figure::Counts => 1,
            Figure::PngCounts => 2,
        });
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a figure")? {
            0 => Ok(Figure::Ranked),
            1 => Ok(Figure::Counts),
            2 => Ok(Figure::PngCounts),
            t => Err(r.bad_tag("figure", t)),
        }
    }
}

impl Wire for Highlight {
    fn put(&self, w: &mut Writer) {
        match self {
            Highlight::Notebook => w.tag(0),
            Highlight::Off => w.tag(1),
            Highlight::Index(k) => {
                w.tag(2);
                w.u64(*k as u64);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a highlight")? {
            0 => Ok(Highlight::Notebook),
            1 => Ok(Highlight::Off),
            2 => Ok(Highlight::Index(r.usize("a highlighted index")?)),
            t => Err(r.bad_tag("highlight", t)),
        }
    }
}

impl Wire for Background {
    fn put(&self, w: &mut Writer) {
        w.tag(match self {
            Background::White => 0,
            Background::Transparent => 1,
        });
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a background")? {
            0 => Ok(Background::White),
            1 => Ok(Background::Transparent),
            t => Err(r.bad_tag("background", t)),
        }
    }
}

impl Wire for PanelOptions {
    fn put(&self, w: &mut Writer) {
        self.display_name.put(w);
        self.highlight.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PanelOptions {
            display_name: Option::get(r)?,
            highlight: Highlight::get(r)?,
        })
    }
}

impl Wire for FigureOptions {
    fn put(&self, w: &mut Writer) {
        w.u64(self.n_neurons as u64);
        w.u64(self.panels.len() as u64);
        for (hparam, p) in &self.panels {
            w.str(hparam);
            p.put(w);
        }
        self.high_contrast.put(w);
        self.background.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        let n_neurons = r.usize("n_neurons")?;
        let panels: Vec<(String, PanelOptions)> = Vec::get(r)?;
        Ok(FigureOptions {
            n_neurons,
            panels: panels.into_iter().collect(),
            high_contrast: r.bool()?,
            background: Background::get(r)?,
        })
    }
}
