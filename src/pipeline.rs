//! Per-document work on several threads, with results delivered in input order.
//!
//! One thread reads the inputs ([`read_inputs`]), `threads` workers run the per-document
//! work (extraction, and for a build the RDF form of the result), and the calling thread
//! receives the results one by one in the order the documents were read, so that output and
//! store contents do not depend on the number of threads. At most a few documents per
//! worker are in flight between reading and delivery, so memory stays bounded whatever the
//! corpus size. With one thread everything runs on the calling thread.

use crate::extract::Document;
use crate::input::{InputError, read_inputs_counting};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

/// Documents read but not yet delivered, per worker thread.
const IN_FLIGHT_PER_THREAD: usize = 8;

/// The number of threads to use when none is given: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What the reader produced, in reading order.
enum Item<T> {
    Document(T),
    Error(InputError),
}

/// Reads every document under `paths`, runs `work` on each on `threads` threads, and calls
/// `deliver` with the results in reading order; input problems go to `on_error`, in order
/// with the documents. `deliver` returning [`ControlFlow::Break`] stops reading and
/// delivering (the documents in flight are dropped). The reader adds the bytes it reads to
/// `bytes_read` (see [`crate::input::input_size`]).
pub fn for_each_document<R: Send>(
    paths: &[PathBuf],
    bytes_read: &AtomicU64,
    threads: usize,
    work: impl Fn(Document) -> R + Sync,
    mut deliver: impl FnMut(R) -> ControlFlow<()>,
    mut on_error: impl FnMut(InputError),
) {
    if threads <= 1 {
        let stopped = Cell::new(false);
        read_inputs_counting(
            paths,
            bytes_read,
            |doc| {
                if !stopped.get() {
                    stopped.set(deliver(work(doc)).is_break());
                }
            },
            |e| {
                if !stopped.get() {
                    on_error(e)
                }
            },
        );
        return;
    }
    let capacity = threads * IN_FLIGHT_PER_THREAD;
    let stop = AtomicBool::new(false);
    // Workers share the reader's channel; a worker holds the lock only while it waits.
    let (to_workers, from_reader) = sync_channel::<(usize, Item<Document>)>(capacity);
    let from_reader = Mutex::new(from_reader);
    std::thread::scope(|scope| {
        let (to_consumer, from_workers) = sync_channel::<(usize, Item<R>)>(capacity);
        // A token per document in flight: the reader takes one before reading on, the
        // consumer gives it back once the document is delivered.
        let (give_back, take) = sync_channel::<()>(capacity);
        for _ in 0..capacity {
            give_back.send(()).expect("empty channel");
        }
        let stop = &stop;
        scope.spawn(move || {
            let seq = Cell::new(0usize);
            let send = |item: Item<Document>| {
                if stop.load(Ordering::Relaxed) || take.recv().is_err() {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
                if to_workers.send((seq.get(), item)).is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                seq.set(seq.get() + 1);
            };
            read_inputs_counting(
                paths,
                bytes_read,
                |doc| send(Item::Document(doc)),
                |e| send(Item::Error(e)),
            );
        });
        let from_reader = &from_reader;
        for _ in 0..threads {
            let to_consumer = to_consumer.clone();
            let work = &work;
            scope.spawn(move || {
                while let Some((seq, item)) = next(from_reader) {
                    let done = match item {
                        Item::Document(doc) => Item::Document(work(doc)),
                        Item::Error(e) => Item::Error(e),
                    };
                    if to_consumer.send((seq, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(to_consumer);
        let mut pending: BTreeMap<usize, Item<R>> = BTreeMap::new();
        let mut expected = 0usize;
        'receive: for (seq, item) in from_workers.iter() {
            pending.insert(seq, item);
            while let Some(item) = pending.remove(&expected) {
                expected += 1;
                match item {
                    Item::Document(r) => {
                        if deliver(r).is_break() {
                            break 'receive;
                        }
                    }
                    Item::Error(e) => on_error(e),
                }
                let _ = give_back.send(());
            }
        }
        // Stop the reader and let the workers drain and exit.
        stop.store(true, Ordering::Relaxed);
        drop(give_back);
        drop(from_workers);
    });
}

/// The next item for a worker, or `None` when the reader is done.
fn next<T>(from_reader: &Mutex<Receiver<T>>) -> Option<T> {
    from_reader.lock().ok()?.recv().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(n: usize) -> (PathBuf, Vec<String>) {
        let dir =
            std::env::temp_dir().join(format!("diplograph-pipeline-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut names = Vec::new();
        for i in 0..n {
            let name = format!("d{i:04}");
            // Uneven sizes, so that workers finish out of order.
            let text = "Russia and Turkey signed it. ".repeat(1 + (i * 7919) % 13);
            std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
            names.push(name);
        }
        std::fs::write(dir.join("bad.txt"), [0xff, 0xfe, 0x00]).unwrap();
        (dir, names)
    }

    #[test]
    fn results_come_in_reading_order_whatever_the_threads() {
        let (dir, mut names) = corpus(200);
        names.sort();
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let mut errors = Vec::new();
            let bytes = AtomicU64::new(0);
            for_each_document(
                std::slice::from_ref(&dir),
                &bytes,
                threads,
                |doc| (doc.id.clone(), doc.text.len()),
                |(id, _)| {
                    seen.push(id);
                    ControlFlow::Continue(())
                },
                |e| errors.push(e.culprit),
            );
            assert_eq!(seen, names, "threads = {threads}");
            assert_eq!(errors.len(), 1, "threads = {threads}");
            assert!(errors[0].ends_with("bad.txt"));
            let size = crate::input::input_size(std::slice::from_ref(&dir));
            assert_eq!(bytes.load(Ordering::Relaxed), size, "every byte counted");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_break_stops_delivery() {
        let (dir, _) = corpus(300);
        let mut delivered = 0;
        for_each_document(
            std::slice::from_ref(&dir),
            &AtomicU64::new(0),
            2,
            |doc| doc.id,
            |_| {
                delivered += 1;
                if delivered == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
            |_| {},
        );
        assert_eq!(delivered, 10);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
