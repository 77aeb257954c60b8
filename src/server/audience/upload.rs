//! An uploaded file of accounts, read as a stream: valid accounts go to one
//! file, one per line; malformed lines to another, with their line numbers.
//! Memory stays at one chunk and one line, however long the file.
use crate::domain::audience_change::{read_file_line, FileLine, Malformed};
use crate::server::csv::line;
use std::path::{Path, PathBuf};
use tokio::io::{AsyncWriteExt, BufWriter};

/// A line longer than this is not an account list line; it is reported as
/// too long and skipped up to its end, without being held in memory.
pub const LINE_MAX_BYTES: usize = 4096;

pub struct Split {
    pub accounts: u64,
    pub malformed: u64,
    pub accounts_path: PathBuf,
    pub malformed_path: PathBuf,
}

/// Reads lines from the chunks that `next_chunk` yields into two new files
/// in `dir`, named with `token`.
pub struct Splitter {
    line_no: u64,
    partial: Vec<u8>,
    overlong: bool,
    accounts: BufWriter<tokio::fs::File>,
    malformed: BufWriter<tokio::fs::File>,
    split: Split,
}

impl Splitter {
    pub async fn create(dir: &Path, token: &str) -> std::io::Result<Splitter> {
        tokio::fs::create_dir_all(dir).await?;
        let accounts_path = dir.join(format!("upload-{token}.accounts"));
        let malformed_path = dir.join(format!("upload-{token}.malformed.csv"));
        let accounts = BufWriter::new(tokio::fs::File::create(&accounts_path).await?);
        let mut malformed = BufWriter::new(tokio::fs::File::create(&malformed_path).await?);
        malformed
            .write_all(line(&["line", "problem", "text"]).as_bytes())
            .await?;
        Ok(Splitter {
            line_no: 0,
            partial: Vec::new(),
            overlong: false,
            accounts,
            malformed,
            split: Split {
                accounts: 0,
                malformed: 0,
                accounts_path,
                malformed_path,
            },
        })
    }

    /// The files being written, with nothing counted yet: what to remove if
    /// the upload is refused before it is finished.
    pub fn paths(&self) -> Split {
        Split {
            accounts: 0,
            malformed: 0,
            accounts_path: self.split.accounts_path.clone(),
            malformed_path: self.split.malformed_path.clone(),
        }
    }

    pub async fn feed(&mut self, mut chunk: &[u8]) -> std::io::Result<()> {
        while let Some(end) = chunk.iter().position(|b| *b == b'\n') {
            self.take(&chunk[..end]);
            self.finish_line().await?;
            chunk = &chunk[end + 1..];
        }
        self.take(chunk);
        Ok(())
    }

    fn take(&mut self, bytes: &[u8]) {
        let room = LINE_MAX_BYTES.saturating_sub(self.partial.len());
        if bytes.len() > room {
            self.overlong = true;
        }
        self.partial
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    async fn finish_line(&mut self) -> std::io::Result<()> {
        self.line_no += 1;
        let read = if self.overlong {
            FileLine::Malformed(Malformed::TooLong)
        } else {
            read_file_line(self.line_no, &self.partial)
        };
        match read {
            FileLine::Account(a) => {
                self.accounts.write_all(a.as_bytes()).await?;
                self.accounts.write_all(b"\n").await?;
                self.split.accounts += 1;
            }
            FileLine::Skip => {}
            FileLine::Malformed(why) => {
                let text = String::from_utf8_lossy(&self.partial);
                let text: String = text.trim_end_matches('\r').chars().take(100).collect();
                let row = line(&[&self.line_no.to_string(), why.as_str(), &text]);
                self.malformed.write_all(row.as_bytes()).await?;
                self.split.malformed += 1;
            }
        }
        self.partial.clear();
        self.overlong = false;
        Ok(())
    }

    /// The last line (without a line end) and the files flushed to disk.
    pub async fn finish(mut self) -> std::io::Result<Split> {
        if !self.partial.is_empty() || self.overlong {
            self.finish_line().await?;
        }
        for w in [&mut self.accounts, &mut self.malformed] {
            w.flush().await?;
            w.get_ref().sync_all().await?;
        }
        Ok(self.split)
    }
}

/// The first `limit` malformed lines: (line number, problem, text).
pub async fn malformed_preview(path: &Path, limit: usize) -> Vec<(u64, String, String)> {
    let Ok(text) = read_head(path, 64 * 1024).await else {
        return Vec::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.splitn(3, ',');
            let no = parts.next()?.parse().ok()?;
            let why = parts.next()?.to_string();
            let text = parts
                .next()
                .unwrap_or_default()
                .trim_matches('"')
                .to_string();
            Some((no, why, text))
        })
        .take(limit)
        .collect()
}

async fn read_head(path: &Path, max: usize) -> std::io::Result<String> {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    tokio::fs::File::open(path)
        .await?
        .take(max as u64)
        .read_to_end(&mut buf)
        .await?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_split_across_chunks_keep_their_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Splitter::create(dir.path(), "t").await.unwrap();
        let long = "x".repeat(LINE_MAX_BYTES + 10);
        let file = format!("account\nuser1\r\nuser2\nbad one\n\n{long}\nuser3");
        for chunk in file.as_bytes().chunks(3) {
            s.feed(chunk).await.unwrap();
        }
        let split = s.finish().await.unwrap();
        assert_eq!((split.accounts, split.malformed), (3, 2));
        let accounts = std::fs::read_to_string(&split.accounts_path).unwrap();
        assert_eq!(accounts, "user1\nuser2\nuser3\n");
        let preview = malformed_preview(&split.malformed_path, 10).await;
        let lines: Vec<u64> = preview.iter().map(|p| p.0).collect();
        assert_eq!(lines, vec![4, 6]);
        assert_eq!(preview[0].1, "spaces");
        assert_eq!(preview[1].1, "too_long");
    }
}
