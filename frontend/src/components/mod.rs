//! Small pieces the pages share.

pub mod message_bar;
