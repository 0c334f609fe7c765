//! Code blocks in the reader: sideways scrolling of blocks wider than the screen (code
//! lines never wrap), and the focus that `y` copies. Offsets are kept per block, so a
//! scrolled diagram stays scrolled while the learner reads on.

use super::search::Match;
use super::{Effect, ReaderState};
use crate::markdown::CodeBlock;

impl ReaderState {
    /// True when some line of `block` is on screen.
    fn in_view(&self, block: &CodeBlock) -> bool {
        let range = block.line_range();
        range.start < self.scroll + self.viewport && range.end > self.scroll
    }

    /// The block that ←/→ scroll: the focused block if it is on screen and wide, else
    /// the first wide block on screen.
    pub fn wide_block_in_view(&self) -> Option<usize> {
        let blocks = &self.doc.code_blocks;
        let wide = |i: &usize| {
            blocks
                .get(*i)
                .is_some_and(|b| b.max_offset() > 0 && self.in_view(b))
        };
        self.code
            .filter(wide)
            .or_else(|| (0..blocks.len()).find(wide))
    }

    /// Columns the block `index` is scrolled by.
    pub fn code_offset(&self, index: usize) -> usize {
        self.code_offsets.get(index).copied().unwrap_or(0)
    }

    /// Columns that document line `line` is shifted left by on screen (its code block's
    /// offset; 0 outside scrolled blocks), for highlights laid over it.
    pub fn code_shift(&self, line: usize) -> u16 {
        self.doc
            .code_blocks
            .iter()
            .position(|b| b.line_range().contains(&line))
            .map_or(0, |i| {
                u16::try_from(self.code_offset(i)).unwrap_or(u16::MAX)
            })
    }

    /// Scrolls to a search match: its line on screen, and its code block (if any)
    /// sideways so that the match shows.
    pub(super) fn reveal_match(&mut self, m: Match) {
        self.reveal(m.line);
        let blocks = &self.doc.code_blocks;
        let Some(index) = blocks.iter().position(|b| b.line_range().contains(&m.line)) else {
            return;
        };
        let Some(block) = blocks.get(index) else {
            return;
        };
        let start = usize::from(m.start).saturating_sub(block.column);
        let end = usize::from(m.end).saturating_sub(block.column);
        let offset = self.code_offset(index);
        if start >= offset && end <= offset + block.visible {
            return;
        }
        let wanted = start
            .saturating_sub(block.visible / 3)
            .max(end.saturating_sub(block.visible))
            .min(block.max_offset());
        if self.code_offsets.len() < blocks.len() {
            self.code_offsets.resize(blocks.len(), 0);
        }
        if let Some(offset) = self.code_offsets.get_mut(index) {
            *offset = wanted;
        }
    }

    /// ←/→, H/L: half a box sideways, clamped to the widest line.
    pub(super) fn scroll_code(&mut self, right: bool, or_module: bool) -> Effect {
        let Some(index) = self.wide_block_in_view() else {
            return match (or_module, right) {
                (true, true) => Effect::MoveModule(1),
                (true, false) => Effect::MoveModule(-1),
                (false, _) => Effect::Notice(NO_WIDE_BLOCK.into()),
            };
        };
        let Some(block) = self.doc.code_blocks.get(index) else {
            return Effect::None;
        };
        let step = (block.visible / 2).max(MIN_STEP);
        let (max, visible, width) = (block.max_offset(), block.visible, block.content_width);
        if self.code_offsets.len() < self.doc.code_blocks.len() {
            self.code_offsets.resize(self.doc.code_blocks.len(), 0);
        }
        let Some(offset) = self.code_offsets.get_mut(index) else {
            return Effect::None;
        };
        *offset = if right {
            (*offset + step).min(max)
        } else {
            offset.saturating_sub(step)
        };
        Effect::Notice(format!(
            "code : colonnes {} à {} sur {width}",
            *offset + 1,
            (*offset + visible).min(width)
        ))
    }

    /// Keeps offsets valid for a new rendering: the same blocks keep their (clamped)
    /// offsets, a different set of blocks starts unscrolled.
    pub(super) fn refit_code(&mut self) {
        let blocks = &self.doc.code_blocks;
        if self.code_offsets.len() != blocks.len() {
            self.code_offsets = vec![0; blocks.len()];
        }
        for (offset, block) in self.code_offsets.iter_mut().zip(blocks) {
            *offset = (*offset).min(block.max_offset());
        }
        self.code = self.code.filter(|&i| i < blocks.len());
    }
}

impl ReaderState {
    /// `c` / `C`: the next (previous) block after the focused one, or the first block
    /// from the top of the screen (the last one above its bottom), brought into view.
    pub(super) fn step_code(&mut self, forward: bool) -> Effect {
        let n = self.doc.code_blocks.len();
        if n == 0 {
            return Effect::Notice(NO_CODE.into());
        }
        let bottom = self.scroll + self.viewport;
        let next = match (self.code, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => self
                .doc
                .code_blocks
                .iter()
                .position(|b| b.line_range().end > self.scroll)
                .unwrap_or(0),
            (None, false) => self
                .doc
                .code_blocks
                .iter()
                .rposition(|b| b.first_line < bottom)
                .unwrap_or(n - 1),
        };
        self.code = Some(next);
        self.link = None;
        self.fold = None;
        if let Some(block) = self.doc.code_blocks.get(next) {
            let boxed = usize::from(block.boxed);
            let top = block.first_line.saturating_sub(boxed);
            let height = block.line_count + 2 * boxed;
            if top < self.scroll || top + height > bottom {
                // The whole box on screen when it fits, a little below the top.
                let above = (self.viewport / 3).min(self.viewport.saturating_sub(height));
                self.set_scroll(top.saturating_sub(above));
            }
        }
        Effect::None
    }

    /// `y`: the focused block's exact text (as in the file), or the first block on
    /// screen when none is focused.
    pub(super) fn copy_code(&mut self) -> Effect {
        let index = self
            .code
            .or_else(|| self.doc.code_blocks.iter().position(|b| self.in_view(b)));
        let Some(block) = index.and_then(|i| self.doc.code_blocks.get(i)) else {
            return Effect::Notice(NO_CODE_HERE.into());
        };
        let lines = block.text.lines().count();
        let text = block.text.clone();
        self.code = index;
        self.link = None;
        self.fold = None;
        Effect::Copy {
            text,
            notice: copied_notice(lines),
        }
    }
}

/// « copié (12 lignes) ».
pub fn copied_notice(lines: usize) -> String {
    match lines {
        1 => "copié (1 ligne)".to_string(),
        n => format!("copié ({n} lignes)"),
    }
}

const NO_CODE: &str = "aucun bloc de code dans ce module";
const NO_CODE_HERE: &str = "aucun bloc de code à l'écran : c pour en choisir un";
/// Never less than this many columns per press, even in a narrow box.
const MIN_STEP: usize = 4;
const NO_WIDE_BLOCK: &str = "aucun bloc de code plus large que l'écran n'est affiché";
