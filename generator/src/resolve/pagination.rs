//! The vendor's `x-pagination` extension: which parameters page, and where the items and the
//! next cursor sit in the response, as field paths through the response models.

use serde_json::Value as Json;

use super::schema::DraftKind;
use super::{Pointer, Resolver};
use crate::ir::{self, Ty};

impl Resolver<'_> {
    /// The pagination of an operation, from its `x-pagination` (at `at`), its optional
    /// parameters, body and success type. What cannot be used is a warning, and the operation
    /// is generated without its `_with_pagination` helper.
    pub(super) fn pagination(
        &mut self,
        ext: &Json,
        optional: &[ir::Param],
        has_body: bool,
        success: Option<&Ty>,
        at: &Pointer,
    ) -> Option<ir::Pagination> {
        match self.try_pagination(ext, optional, has_body, success) {
            Ok(pagination) => pagination,
            Err(message) => {
                self.warn(at, format!("{message}; the operation is generated without a pagination helper"));
                None
            }
        }
    }

    fn try_pagination(
        &mut self,
        ext: &Json,
        optional: &[ir::Param],
        has_body: bool,
        success: Option<&Ty>,
    ) -> Result<Option<ir::Pagination>, String> {
        let text = |key: &str| ext.get(key).and_then(Json::as_str);
        let param = |wire: &str| {
            optional
                .iter()
                .find(|p| p.wire_name == wire && p.location == ir::ParamLocation::Query)
                .ok_or_else(|| format!("x-pagination names `{wire}`, which is not an optional query parameter"))
        };
        let integer = |p: &ir::Param, role: &str| match p.ty {
            Ty::I32 | Ty::I64 => Ok(()),
            _ => Err(format!("the {role} parameter `{}` is a `{}`, not an integer", p.wire_name, p.ty)),
        };
        let Some(limit_wire) = text("limitParam") else { return Ok(None) };
        if limit_wire.starts_with("body.") {
            return Err(format!("paging through the request body (`{limit_wire}`) has no helper yet"));
        }
        if has_body {
            return Err("a paginated operation with a request body has no pagination helper yet".into());
        }
        let limit = param(limit_wire)?;
        integer(limit, "limit")?;
        let mode = if let Some(offset) = text("pageOffsetParam") {
            let p = param(offset)?;
            integer(p, "offset")?;
            ir::PageMode::Offset { param: p.name.clone() }
        } else if let Some(page) = text("pageParam") {
            let p = param(page)?;
            integer(p, "page")?;
            ir::PageMode::Page { param: p.name.clone() }
        } else if let (Some(cursor), Some(path)) = (text("cursorParam"), text("cursorPath")) {
            let p = param(cursor)?;
            if p.ty != Ty::String {
                return Err(format!("the cursor parameter `{cursor}` is a `{}`, not a string", p.ty));
            }
            let (steps, ty) = self.field_path(success, path)?;
            if self.unalias(ty.clone()) != Ty::String {
                return Err(format!("the cursor at `{path}` is a `{ty}`, not a string"));
            }
            ir::PageMode::Cursor { param: p.name.clone(), path: steps }
        } else {
            return Err("x-pagination has neither pageOffsetParam, pageParam nor cursorParam with cursorPath".into());
        };
        let success = success.ok_or("the operation has no response body to take items from")?;
        let (results_path, items) = match text("resultsPath") {
            Some(path) => self.field_path(Some(success), path)?,
            // A bare list needs no path (Datadog's v1 `GET /api/v1/monitor`).
            None if self.unalias(success.clone()).is_array() => (Vec::new(), success.clone()),
            None => self.field_path(Some(success), "data")?,
        };
        let item_ty = match self.unalias(items) {
            Ty::Vec(item) => *item,
            other => return Err(format!("the results are a `{other}`, not a list")),
        };
        let default_limit = match &limit.default {
            None => None,
            Some(Json::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(other) => return Err(format!("the limit's default `{other}` is not an integer")),
        };
        // `totalPath` is this generator's addition to the vendor's extension: where the answer
        // gives the total, so that the stream never asks for a page past it.
        let total_path = match text("totalPath") {
            Some(path) => {
                let (steps, ty) = self.field_path(Some(success), path)?;
                match self.unalias(ty) {
                    Ty::I32 | Ty::I64 => Some(steps),
                    other => return Err(format!("the total at `{path}` is a `{other}`, not an integer")),
                }
            }
            None => None,
        };
        Ok(Some(ir::Pagination {
            total_path,
            limit_param: limit.name.clone(),
            default_limit,
            mode,
            results_path,
            item_ty,
        }))
    }

    /// Follows a dotted JSON path (`meta.page.after`) through the fields of response models.
    fn field_path(&self, root: Option<&Ty>, path: &str) -> Result<(Vec<ir::PathStep>, Ty), String> {
        let mut ty = root.cloned().ok_or("the operation has no response body")?;
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let model = ty
                .direct_model()
                .map(str::to_string)
                .ok_or_else(|| format!("`{path}`: `{segment}` is not inside an object"))?;
            let field = match self.drafts.get(&model).map(|d| &d.kind) {
                Some(DraftKind::Struct(fields)) => fields.iter().find(|f| f.json_name == segment),
                _ => None,
            }
            .ok_or_else(|| format!("`{path}`: `{model}` has no field `{segment}`"))?;
            steps.push(ir::PathStep {
                field: field.name.clone(),
                optional: field.presence().optional(),
                double: field.presence().double(),
            });
            ty = field.ty.clone();
        }
        Ok((steps, ty))
    }
}
