//! Which file becomes which sweep, and under which name, decided from paths alone (DOM-free, so the page's
//! rules are tested natively).
//!
//! Owns: [`classify`] (the parent folder names the sweep; only `/` separates the parts of a browser path, so a
//! backslash is part of a folder's name; `information_sweep_max_convex.pkl` and
//! `png_counts_sweep_layers_4.pkl` are read from a folder; a loose `.pkl` is an information sweep named after
//! itself) and [`place`] (naming a batch of new sweeps against the loaded ones:
//! two sweeps never silently share a name, and what was renamed or replaced is said in [`Placement`]'s
//! message), and [`sort_by_name`] (the notebook's order of sweeps, also that of a dropped folder's entries).

use crate::notebook::{INFO_FILE_NAME, PNG_COUNTS_FILE_NAME};
use crate::sweep::SweepFile;
use std::fmt;

/// What to do with a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Decode it as a `file` of the sweep `hparam`; `loose` = it came without a folder (its name is
    /// editable; always an information sweep).
    Load {
        hparam: String,
        loose: bool,
        file: SweepFile,
    },
    /// Leave it, for this reason.
    Skip(String),
}

/// Decides from a path (`webkitRelativePath`, a dropped entry's `fullPath`, or an `index.json` entry, all
/// `/`-separated): the parent folder names the sweep, the two sweep files ([`SweepFile`]) are read from a
/// folder, and a loose `.pkl` is an information sweep named after itself (`lrate.pkl` → `lrate`); a loose
/// PNG-count file is skipped, as only its folder could name its sweep. A backslash is a character of a
/// name (`$\rho$/…` is the sweep `$\rho$`), never a separator.
pub fn classify(path: &str) -> Plan {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Some(name) = parts.last() else {
        return Plan::Skip("empty path".into());
    };
    if !name.to_ascii_lowercase().ends_with(".pkl") {
        return Plan::Skip("not a .pkl file".into());
    }
    if parts.len() >= 2 {
        match SweepFile::from_file_name(name) {
            Some(file) => Plan::Load {
                hparam: parts[parts.len() - 2].to_string(),
                loose: false,
                file,
            },
            None => Plan::Skip(format!(
                "only {INFO_FILE_NAME} and {PNG_COUNTS_FILE_NAME} are read from a folder"
            )),
        }
    } else if *name == PNG_COUNTS_FILE_NAME {
        Plan::Skip(format!(
            "{PNG_COUNTS_FILE_NAME} without its folder: the folder names the sweep, so drop or pick \
             the results folder"
        ))
    } else {
        let stem = &name[..name.len() - ".pkl".len()];
        let hparam = if stem.is_empty() { "sweep" } else { stem };
        Plan::Load {
            hparam: hparam.to_string(),
            loose: true,
            file: SweepFile::Information,
        }
    }
}

/// A sweep as far as naming goes: its name, the path it was read from, and whether it is a loose file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<'a> {
    pub name: &'a str,
    pub path: &'a str,
    pub loose: bool,
}

/// Where a new sweep goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Under the name it asked for, which was free.
    Added(String),
    /// The same folder file (same path) loaded again: it replaces the loaded sweep of that name.
    Replaced { name: String, path: String },
    /// Its name was taken (by a loaded sweep, or by an earlier file of the same batch): it gets `name`.
    Renamed {
        wanted: String,
        name: String,
        path: String,
        loose: bool,
    },
}

impl Placement {
    /// The name the sweep ends up with.
    pub fn name(&self) -> &str {
        match self {
            Placement::Added(n) => n,
            Placement::Replaced { name, .. } | Placement::Renamed { name, .. } => name,
        }
    }

    /// What to tell the user (nothing for a plain addition).
    pub fn message(&self) -> Option<String> {
        match self {
            Placement::Added(_) => None,
            _ => Some(self.to_string()),
        }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placement::Added(n) => write!(f, "{n} was added."),
            Placement::Replaced { name, path } => {
                write!(f, "{path} was loaded again and replaces the sweep {name}.")
            }
            Placement::Renamed {
                wanted,
                name,
                path,
                loose,
            } => {
                write!(f, "{path} is loaded as {name}: {wanted} was taken.")?;
                if *loose {
                    write!(f, " Rename it below.")?;
                }
                Ok(())
            }
        }
    }
}

/// Names a batch of new sweeps (in order) given the loaded ones. A folder's sweep loaded again from the
/// same path replaces the loaded one; any other clash (two folders with the same name, loose files with the
/// same name, even from the same path: a file picker gives no folders) keeps both, the newer one named
/// `<name> (2)`, `<name> (3)`, … — never silently replacing a sweep.
pub fn place(loaded: &[Named<'_>], incoming: &[Named<'_>]) -> Vec<Placement> {
    // Names in use, and the folder paths a sweep of that name may be replaced from.
    let mut taken: Vec<(String, Option<String>)> = loaded
        .iter()
        .map(|l| (l.name.to_string(), (!l.loose).then(|| l.path.to_string())))
        .collect();
    let mut out = Vec::with_capacity(incoming.len());
    let mut batch_names: Vec<String> = Vec::new();
    for n in incoming {
        let clash = taken.iter().position(|(name, _)| name == n.name);
        let placement = match clash {
            None => Placement::Added(n.name.to_string()),
            Some(i)
                if !n.loose
                    && !batch_names.iter().any(|b| b == n.name)
                    && taken[i].1.as_deref() == Some(n.path) =>
            {
                Placement::Replaced {
                    name: n.name.to_string(),
                    path: n.path.to_string(),
                }
            }
            Some(_) => {
                let name = (2..)
                    .map(|k| format!("{} ({k})", n.name))
                    .find(|c| !taken.iter().any(|(t, _)| t == c))
                    .unwrap_or_else(|| n.name.to_string());
                Placement::Renamed {
                    wanted: n.name.to_string(),
                    name,
                    path: n.path.to_string(),
                    loose: n.loose,
                }
            }
        };
        let name = placement.name().to_string();
        if !matches!(placement, Placement::Replaced { .. }) {
            taken.push((name.clone(), (!n.loose).then(|| n.path.to_string())));
        }
        batch_names.push(name);
        out.push(placement);
    }
    out
}

/// The order of `names` that `sorted()` gives them (bytewise, uppercase first; equal names keep their
/// order), as indices into `names`. A binary insertion sort: the lists are short (the loaded sweeps, one
/// folder's entries), and it needs no sort code of its own in the page's wasm (one instantiation of the
/// standard library's sort per element type cost 812 B gzip more than one for indices, which cost 1,645).
pub fn name_order(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        // After every equal name: stable.
        let at = order.partition_point(|&j| crate::sweep::hparam_order(names[j], name).is_le());
        order.insert(at, i);
    }
    order
}

/// Sorts `items` by `name` in [`name_order`].
pub fn sort_by_name<T>(items: &mut Vec<T>, name: impl Fn(&T) -> &str) {
    let order = name_order(&items.iter().map(&name).collect::<Vec<_>>());
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_bytewise_with_uppercase_first_and_ties_in_their_order() {
        assert_eq!(name_order(&["b", "B", "a", "b", "_x"]), vec![1, 4, 2, 0, 3]);
        let mut items = vec![
            ("lrate", 1),
            ("Wmax", 2),
            ("lrate", 3),
            ("a_b", 4),
            ("ab", 5),
        ];
        sort_by_name(&mut items, |i| i.0);
        assert_eq!(
            items,
            vec![
                ("Wmax", 2),
                ("a_b", 4),
                ("ab", 5),
                ("lrate", 1),
                ("lrate", 3)
            ]
        );
        assert_eq!(name_order(&[]), Vec::<usize>::new());
    }

    #[test]
    fn name_order_is_the_standard_stable_sort() {
        // 200 names from a small alphabet (many ties), in a scrambled order.
        let names: Vec<String> = (0..200u32)
            .map(|i| {
                let x = i.wrapping_mul(2_654_435_761) >> 7;
                ["a", "B", "ab", "a_b", "Z", "lrate", ""][(x % 7) as usize]
                    .repeat(1 + (x / 7 % 2) as usize)
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut want: Vec<usize> = (0..refs.len()).collect();
        want.sort_by(|&a, &b| refs[a].as_bytes().cmp(refs[b].as_bytes()));
        assert_eq!(name_order(&refs), want);
    }

    fn load(h: &str, loose: bool) -> Plan {
        Plan::Load {
            hparam: h.into(),
            loose,
            file: SweepFile::Information,
        }
    }

    #[test]
    fn the_parent_folder_names_a_sweep() {
        assert_eq!(
            classify("results/lrate/information_sweep_max_convex.pkl"),
            load("lrate", false)
        );
        assert_eq!(
            classify("/lrate/information_sweep_max_convex.pkl"),
            load("lrate", false)
        );
        assert_eq!(
            classify("results/lrate/png_counts_sweep_layers_4.pkl"),
            Plan::Load {
                hparam: "lrate".into(),
                loose: false,
                file: SweepFile::PngCounts
            }
        );
        // Alone, a PNG-count file has no sweep name: it is skipped with the reason.
        assert!(matches!(
            classify("png_counts_sweep_layers_4.pkl"),
            Plan::Skip(r) if r.contains("folder")
        ));
        assert!(matches!(classify("results/lrate/other.pkl"), Plan::Skip(_)));
        assert!(matches!(classify("results/lrate/notes.txt"), Plan::Skip(_)));
        assert!(matches!(classify(""), Plan::Skip(_)));
        assert_eq!(classify("broken.pkl"), load("broken", true));
        assert_eq!(classify("/I2E.PKL"), load("I2E", true));
        assert_eq!(classify(".pkl"), load("sweep", true));
    }

    #[test]
    fn a_backslash_is_part_of_a_folder_name() {
        assert_eq!(
            classify(r"results/$\rho$/information_sweep_max_convex.pkl"),
            load(r"$\rho$", false)
        );
        assert_eq!(
            classify(r"a\b/information_sweep_max_convex.pkl"),
            load(r"a\b", false)
        );
        // A loose file whose name holds a backslash is still one loose file.
        assert_eq!(classify(r"x\lrate.pkl"), load(r"x\lrate", true));
    }

    fn named<'a>(name: &'a str, path: &'a str, loose: bool) -> Named<'a> {
        Named { name, path, loose }
    }

    #[test]
    fn three_loose_files_with_one_name_are_all_kept_and_said_so() {
        let f = "information_sweep_max_convex.pkl";
        let n = "information_sweep_max_convex";
        let batch = [named(n, f, true), named(n, f, true), named(n, f, true)];
        let p = place(&[], &batch);
        let names: Vec<&str> = p.iter().map(Placement::name).collect();
        assert_eq!(
            names,
            [n, &format!("{n} (2)") as &str, &format!("{n} (3)") as &str]
        );
        assert_eq!(p[0].message(), None);
        assert_eq!(
            p[1].message().as_deref(),
            Some(
                "information_sweep_max_convex.pkl is loaded as information_sweep_max_convex (2): \
                 information_sweep_max_convex was taken. Rename it below."
            )
        );
        // Picked one at a time, they are kept too (a file picker carries no folder to tell them apart).
        let loaded = [named(n, f, true)];
        let again = place(&loaded, &[named(n, f, true)]);
        assert_eq!(again[0].name(), format!("{n} (2)"));
    }

    #[test]
    fn two_folders_with_one_name_are_both_kept() {
        let batch = [
            named("lrate", "a/lrate/information_sweep_max_convex.pkl", false),
            named("lrate", "b/lrate/information_sweep_max_convex.pkl", false),
        ];
        let p = place(&[], &batch);
        assert_eq!(p[0], Placement::Added("lrate".into()));
        assert_eq!(p[1].name(), "lrate (2)");
        assert!(p[1].message().is_some_and(|m| m.contains("b/lrate/")));
        // A folder of another run, loaded later, is kept beside the loaded one.
        let loaded = [named(
            "lrate",
            "a/lrate/information_sweep_max_convex.pkl",
            false,
        )];
        let later = place(
            &loaded,
            &[named(
                "lrate",
                "c/lrate/information_sweep_max_convex.pkl",
                false,
            )],
        );
        assert_eq!(later[0].name(), "lrate (2)");
    }

    #[test]
    fn the_same_folder_loaded_again_replaces_itself_and_says_so() {
        let path = "results/lrate/information_sweep_max_convex.pkl";
        let loaded = [named("lrate", path, false), named("lrate (2)", "x", true)];
        let p = place(&loaded, &[named("lrate", path, false)]);
        assert_eq!(
            p[0],
            Placement::Replaced {
                name: "lrate".into(),
                path: path.into()
            }
        );
        assert!(p[0].message().is_some_and(|m| m.contains("replaces")));
        // A renamed number skips names already taken.
        let q = place(&loaded, &[named("lrate", "other/lrate/x.pkl", false)]);
        assert_eq!(q[0].name(), "lrate (3)");
        // Twice in one batch: the second is not a reload of the first.
        let r = place(
            &loaded,
            &[named("lrate", path, false), named("lrate", path, false)],
        );
        assert_eq!(r[1].name(), "lrate (3)");
    }
}
