//! Tests of the 项目清单.
