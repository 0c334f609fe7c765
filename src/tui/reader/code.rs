//! Code blocks in the reader: sideways scrolling of blocks wider than the screen (code
//! lines never wrap), and the focus that `y` copies. Offsets are kept per block, so a
//! scrolled diagram stays scrolled while the learner reads on.

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

/// Never less than this many columns per press, even in a narrow box.
const MIN_STEP: usize = 4;
const NO_WIDE_BLOCK: &str = "aucun bloc de code plus large que l'écran n'est affiché";
