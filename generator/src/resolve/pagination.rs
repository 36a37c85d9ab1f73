//! The vendor's `x-pagination` extension: which parameters page, and where the items and the
//! next cursor sit in the response, as field paths through the response models.

use serde_json::Value as Json;

use super::schema::DraftKind;
use super::{Pointer, Resolver};
use crate::error::Result;
use crate::ir::{self, Ty};

impl Resolver<'_> {
    /// The pagination of an operation, from its `x-pagination` (at `at`), its optional
    /// parameters and its success type.
    pub(super) fn pagination(
        &self,
        ext: &Json,
        optional: &[ir::Param],
        success: Option<&Ty>,
        at: &Pointer,
    ) -> Result<Option<ir::Pagination>> {
        let text = |key: &str| ext.get(key).and_then(Json::as_str);
        let param = |wire: &str| {
            optional.iter().find(|p| p.wire_name == wire).ok_or_else(|| {
                at.unsupported(format!("x-pagination names `{wire}`, which is not an optional query parameter"))
            })
        };
        // Pagination through request bodies (`body.page.cursor`) has no stream yet.
        let Some(limit_wire) = text("limitParam").filter(|w| !w.starts_with("body.")) else { return Ok(None) };
        let limit = param(limit_wire)?;
        let mode = if let Some(offset) = text("pageOffsetParam") {
            let p = param(offset)?;
            ir::PageMode::Offset { param: p.name.clone(), ty: p.ty.clone() }
        } else if let Some(page) = text("pageParam") {
            let p = param(page)?;
            ir::PageMode::Page { param: p.name.clone(), ty: p.ty.clone() }
        } else if let (Some(cursor), Some(path)) = (text("cursorParam"), text("cursorPath")) {
            let p = param(cursor)?;
            ir::PageMode::Cursor { param: p.name.clone(), path: self.field_path(success, path, at)?.0 }
        } else {
            return Err(
                at.unsupported("x-pagination has neither pageOffsetParam, pageParam nor cursorParam with cursorPath")
            );
        };
        let (results_path, item) = self.field_path(success, text("resultsPath").unwrap_or("data"), at)?;
        let item_ty = match self.unalias(item) {
            Ty::Vec(item) => *item,
            other => return Err(at.unsupported(format!("resultsPath leads to `{other}`, not a list"))),
        };
        Ok(Some(ir::Pagination {
            limit_param: limit.name.clone(),
            limit_ty: limit.ty.clone(),
            default_limit: limit.default.as_ref().and_then(Json::as_i64),
            mode,
            results_path,
            item_ty,
        }))
    }

    /// Follows a dotted JSON path (`meta.page.after`) through the fields of response models.
    fn field_path(&self, root: Option<&Ty>, path: &str, at: &Pointer) -> Result<(Vec<ir::PathStep>, Ty)> {
        let mut ty = root.cloned().ok_or_else(|| at.unsupported("paginated operation has no response body"))?;
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let model = ty
                .direct_model()
                .map(str::to_string)
                .ok_or_else(|| at.unsupported(format!("`{path}`: `{segment}` is not inside an object")))?;
            let field = match self.drafts.get(&model).map(|d| &d.kind) {
                Some(DraftKind::Struct(fields)) => fields.iter().find(|f| f.json_name == segment),
                _ => None,
            }
            .ok_or_else(|| at.unsupported(format!("`{path}`: `{model}` has no field `{segment}`")))?;
            steps.push(ir::PathStep {
                field: field.name.clone(),
                optional: !field.required || field.nullable,
                double: !field.required && field.nullable,
            });
            ty = field.ty.clone();
        }
        Ok((steps, ty))
    }
}
