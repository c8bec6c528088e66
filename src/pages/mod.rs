//! Pages: what people read — report.html, an evidence pack, a project's
//! feedback page, and the content of vfm.xlsx — made from the published
//! tables and the charts drawn from them. Pages choose and explain; they
//! never compute a figure and never see an undisclosed table (but a
//! project's own, exact, on its feedback page).

pub mod charts;
pub mod checker;
pub mod feedback;
pub mod glance;
pub mod html;
pub mod menu;
pub mod numbers;
pub mod pack;
pub mod report;
pub mod summary;
pub mod workbook;
