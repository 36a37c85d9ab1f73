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
        body: Option<&ir::Body>,
        success: Option<&Ty>,
        at: &Pointer,
    ) -> Option<ir::Pagination> {
        match self.try_pagination(ext, optional, body, success) {
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
        body: Option<&ir::Body>,
        success: Option<&Ty>,
    ) -> Result<Option<ir::Pagination>, String> {
        let text = |key: &str| ext.get(key).and_then(Json::as_str);
        let Some(limit_wire) = text("limitParam") else { return Ok(None) };
        // Paging moves either optional query parameters, or fields of an optional body (the
        // vendor's `body.page.cursor`): never both, and never a query beside a body it ignores.
        let through_body = limit_wire.starts_with("body.");
        // The body's field in the optional params (an optional body), or none (the required
        // body itself, moved from page to page when the operation takes no optional parameter).
        let paged_body = match body.map(|b| (&b.place, &b.ty)) {
            Some((ir::BodyPlace::Params { field }, ty)) => Some((Some(field.as_str()), ty)),
            Some((ir::BodyPlace::Argument, ty)) if optional.is_empty() => Some((None, ty)),
            _ => None,
        };
        let input = match paged_body {
            Some((None, _)) if through_body => ir::PageInput::Body,
            _ => ir::PageInput::Params,
        };
        if !through_body && body.is_some() {
            return Err("a paginated operation with a request body has no pagination helper yet".into());
        }
        let field = |wire: &str| -> Result<(Vec<ir::ParamStep>, Ty), String> {
            match (wire.strip_prefix("body."), paged_body) {
                (Some(path), Some((Some(field), ty))) => {
                    let create = self.constructor(ty).map_err(|why| format!("`{wire}`: {why}"))?;
                    let (mut steps, ty) = self.param_path(ty, path)?;
                    steps.insert(0, ir::ParamStep { field: field.to_string(), create: Some(create) });
                    Ok((steps, ty))
                }
                (Some(path), Some((None, ty))) => self.param_path(ty, path),
                (Some(_), None) if body.is_none() => {
                    Err(format!("x-pagination names `{wire}`, in a body the operation does not take"))
                }
                (Some(_), None) => Err(format!(
                    "paging through a required request body (`{wire}`) beside optional parameters has no helper yet"
                )),
                (None, _) if through_body => {
                    Err(format!("x-pagination names `{wire}` beside a body that pages: not one of the body's fields"))
                }
                (None, _) => optional
                    .iter()
                    .find(|p| p.wire_name == wire && p.location == ir::ParamLocation::Query)
                    .map(|p| (vec![ir::ParamStep { field: p.name.clone(), create: None }], p.ty.clone()))
                    .ok_or_else(|| format!("x-pagination names `{wire}`, which is not an optional query parameter")),
            }
        };
        let integer = |wire: &str, ty: &Ty, role: &str| match self.unalias(ty.clone()) {
            Ty::I32 | Ty::I64 => Ok(()),
            _ => Err(format!("the {role} parameter `{wire}` is a `{ty}`, not an integer")),
        };
        let (limit, limit_ty) = field(limit_wire)?;
        integer(limit_wire, &limit_ty, "limit")?;
        let mode = if let Some(offset) = text("pageOffsetParam") {
            let (param, ty) = field(offset)?;
            integer(offset, &ty, "offset")?;
            ir::PageMode::Offset { param }
        } else if let Some(page) = text("pageParam") {
            let (param, ty) = field(page)?;
            integer(page, &ty, "page")?;
            ir::PageMode::Page { param }
        } else if let (Some(cursor), Some(path)) = (text("cursorParam"), text("cursorPath")) {
            let (param, ty) = field(cursor)?;
            if self.unalias(ty.clone()) != Ty::String {
                return Err(format!("the cursor parameter `{cursor}` is a `{ty}`, not a string"));
            }
            let (steps, ty) = self.field_path(success, path)?;
            if self.unalias(ty.clone()) != Ty::String {
                return Err(format!("the cursor at `{path}` is a `{ty}`, not a string"));
            }
            ir::PageMode::Cursor { param, path: steps }
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
        // A query parameter's default; a body field's is the server's business.
        let limit_default = optional.iter().find(|p| p.wire_name == limit_wire).and_then(|p| p.default.as_ref());
        let default_limit = match limit_default {
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
        Ok(Some(ir::Pagination { total_path, limit, input, default_limit, mode, results_path, item_ty }))
    }

    /// The constructor that fills an unset optional model of type `ty` on the way to a field the
    /// pager sets: its `new`, which takes nothing only when the model has no required field.
    fn constructor(&self, ty: &Ty) -> Result<String, String> {
        let Ty::Named(model) = ty else { return Err(format!("`{ty}` is not a model the pager can fill")) };
        match self.drafts.get(&model.name).map(|d| &d.kind) {
            Some(DraftKind::Struct(fields)) if fields.iter().all(|f| !f.required) => Ok(format!("{ty}::new")),
            Some(DraftKind::Struct(_)) => {
                Err(format!("`{}` has required fields, so the pager cannot fill it", model.name))
            }
            _ => Err(format!("`{}` is not an object", model.name)),
        }
    }

    /// Follows a dotted JSON path (`page.cursor`) through the fields of request models, to an
    /// optional field the pager sets: the steps (each model on the way filled when unset) and the
    /// field's type.
    fn param_path(&self, root: &Ty, path: &str) -> Result<(Vec<ir::ParamStep>, Ty), String> {
        let segments: Vec<&str> = path.split('.').collect();
        let mut ty = root.clone();
        let mut steps = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let model = ty
                .direct_model()
                .map(str::to_string)
                .ok_or_else(|| format!("`body.{path}`: `{segment}` is not inside an object"))?;
            let field = match self.drafts.get(&model).map(|d| &d.kind) {
                Some(DraftKind::Struct(fields)) => fields.iter().find(|f| f.json_name == *segment),
                _ => None,
            }
            .ok_or_else(|| format!("`body.{path}`: `{model}` has no field `{segment}`"))?;
            let presence = field.presence();
            let last = i + 1 == segments.len();
            // The field the pager sets is an `Option`; a model on the way is one, or required.
            if presence.double() || (last && !presence.optional()) {
                return Err(format!("`body.{path}`: `{segment}` is not a plain optional field the pager can set"));
            }
            let inner = field.ty.clone();
            let create = match last || !presence.optional() {
                true => None,
                false => Some(self.constructor(&inner).map_err(|why| format!("`body.{path}`: {why}"))?),
            };
            steps.push(ir::ParamStep { field: field.name.clone(), create });
            ty = inner;
        }
        Ok((steps, ty))
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
