//! Container images: where an image reference points in ECR, for the EKS, ECS and runtime guides.

/// `123.dkr.ecr.us-east-1.amazonaws.com/repo:tag` → (`repo`, `imageTag=tag` or `imageDigest=…`).
pub fn ecr_image(image: &str) -> Option<(String, String)> {
    let (host, rest) = image.split_once('/')?;
    if !host.contains(".dkr.ecr.") {
        return None;
    }
    if let Some((repo, digest)) = rest.split_once('@') {
        return Some((repo.to_owned(), format!("imageDigest={digest}")));
    }
    let (repo, tag) = rest.rsplit_once(':').unwrap_or((rest, "latest"));
    Some((repo.to_owned(), format!("imageTag={tag}")))
}

#[cfg(test)]
mod tests {
    use super::ecr_image;

    #[test]
    fn ecr_images() {
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2"),
            Some(("web".into(), "imageTag=1.2".into()))
        );
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/team/web"),
            Some(("team/web".into(), "imageTag=latest".into()))
        );
        assert_eq!(
            ecr_image("111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:ab"),
            Some(("web".into(), "imageDigest=sha256:ab".into()))
        );
        assert_eq!(ecr_image("nginx:latest"), None);
    }
}
