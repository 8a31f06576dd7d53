//! The library's top-level modules import each other without circles, so
//! each can be read knowing only the modules below it (docs/design.md).
//!
//! A module's dependencies are the `crate::` paths in its files (comments
//! left out); a name the crate root re-exports (`crate::Stance`) counts as
//! a dependency on the module it comes from. The PyO3 layer and the
//! command line sit on top of everything and are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// `use` paths of the crate root: re-exported name -> module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, rest) = path.split_once("::").unwrap_or((path, path));
        for name in rest.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !name.is_empty() {
                names.insert(name.to_string(), module.to_string());
            }
        }
    }
    names
}

/// The code of `text` without its `//` comments.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules each `crate::` path in `text` names.
fn imports(text: &str, reexported: &BTreeMap<String, String>) -> BTreeSet<String> {
    let code = code(text);
    let mut found = BTreeSet::new();
    let mut paths: Vec<&str> = code.split("crate::").skip(1).collect();
    // `use crate::{a::X, b}` names several modules at once.
    let mut braced = Vec::new();
    for path in &paths {
        if let Some(inner) = path.strip_prefix('{') {
            let inner = inner.split('}').next().unwrap_or("");
            braced.extend(inner.split(',').map(str::trim));
        }
    }
    paths.extend(braced);
    for path in paths {
        let first: String = path
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if first.is_empty() {
            continue;
        }
        let module = reexported.get(&first).cloned().unwrap_or(first);
        found.insert(module);
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// module -> the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let reexported = reexports(&fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let module = top.to_string_lossy().trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "lib" | "python" | "bin") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut imported = imports(&text, &reexported);
        imported.remove(&module);
        graph.entry(module).or_default().extend(imported);
    }
    graph
}

/// A circle of imports in `graph`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == module) {
            let mut circle = path[start..].to_vec();
            circle.push(module.to_string());
            return Some(circle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_checker_finds_a_circle_and_reads_reexports() {
    let lib = "pub use stance::{Stance, Factor};\npub use scorer::Scorer;";
    let reexported = reexports(lib);
    assert_eq!(reexported["Factor"], "stance");
    let text =
        "use crate::{engine::X, Stance};\nlet s = crate::Scorer::default(); // crate::targets";
    let found = imports(text, &reexported);
    assert_eq!(
        found,
        ["engine", "scorer", "stance"].map(String::from).into()
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(circle(&graph).unwrap(), ["a", "b", "a"]);
}

#[test]
fn the_library_modules_import_each_other_without_circles() {
    let graph = graph();
    assert!(graph.contains_key("scorer") && graph["scorer"].contains("engine"));
    if let Some(circle) = circle(&graph) {
        panic!("import circle: {}\n{graph:#?}", circle.join(" -> "));
    }
}
